import type { StateCreator } from 'zustand';
import type { AppInfo, JournalProblem } from '../../../../shared/contract';
import type { Project } from '../../../../shared/model';
import type { ConnectionState } from '../../engine/connect';
import { engine } from '../../engine/client';
import type { AppState } from './index';

export interface ConnectionSlice {
  connection: ConnectionState;
  appInfo: AppInfo | null;
  /** Why the engine cannot write its journal now (a full disk...), or null: the banner every page shows. */
  journalProblem: JournalProblem | null;
  recent: Project[];
  /** Starts listening to the engine; safe to call more than once. */
  start(): void;
  loadRecent(): Promise<void>;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set, get) => ({
  connection: 'connecting',
  appInfo: null,
  journalProblem: null,
  recent: [],
  start() {
    const { client, onState } = engine();
    // An event that overtakes app.info's answer is newer than it.
    let healthEvents = 0;
    client.on('engine.health', ({ journal }) => {
      healthEvents++;
      set({ journalProblem: journal });
    });
    onState((connection) => {
      set({ connection });
      if (connection === 'open' && !get().appInfo) {
        const before = healthEvents;
        void client.request('app.info', {}).then((appInfo) => set(healthEvents === before ? { appInfo, journalProblem: appInfo.health.journal } : { appInfo }));
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
