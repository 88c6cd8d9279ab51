import type { StateCreator } from 'zustand';
import type { ConnectionState } from '../../engine/connect';
import type { AppState } from './index';

export interface ConnectionSlice {
  connection: ConnectionState;
  setConnection(connection: ConnectionState): void;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: 'connecting',
  setConnection(connection) {
    set({ connection });
  },
});
