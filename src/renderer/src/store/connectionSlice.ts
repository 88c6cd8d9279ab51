import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../../shared/contract';
import type { Project } from '../../../shared/model';
import type { ConnectionState } from '../transport/connect';
import { engine } from './engine';
import type { AppState } from './index';

export interface ConnectionSlice {
  connection: ConnectionState;
  appInfo: AppInfo | null;
  recent: Project[];
  /** Starts listening to the engine; safe to call more than once. */
  start(): void;
  loadRecent(): Promise<void>;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set, get) => ({
  connection: 'connecting',
  appInfo: null,
  recent: [],
  start() {
    const { client, onState } = engine();
    onState((connection) => {
      set({ connection });
      if (connection === 'open' && !get().appInfo) {
        void client.request('app.info', {}).then((appInfo) => set({ appInfo }));
        void get().loadRecent();
      }
    });
    get().subscribeToSessionEvents();
    get().subscribeToSnapshotEvents();
    get().subscribeToMetricsEvents();
  },
  async loadRecent() {
    const recent = await engine().client.request('projects.recent', { limit: 8 });
    set({ recent });
  },
});
