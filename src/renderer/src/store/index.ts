// One zustand store, one slice per concern, combined here.
import { create } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';

export type AppState = ConnectionSlice & SessionSlice;

export const useApp = create<AppState>()((...a) => ({
  ...createConnectionSlice(...a),
  ...createSessionSlice(...a),
}));
