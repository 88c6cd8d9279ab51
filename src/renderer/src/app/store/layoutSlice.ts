// The workspace's pane sizes and collapsed panes, remembered per user in
// localStorage (this browser profile, or the desktop app's). What is read
// back is clamped: a value from an older build or a hand edit cannot make a
// pane vanish or swallow the window.
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export interface Layout {
  /** The step list's width, px. */
  sideWidth: number;
  /** The journal and issues panel's width, px. */
  panelWidth: number;
  /**
   * The share of the centre column the page above the terminal gets (the terminal has the rest); null until the
   * user moves the splitter: the page then takes what it needs, up to the default share.
   */
  detailShare: number | null;
  /** The step list shows icons only; null: decided by the window's width. */
  sideCollapsed: boolean | null;
  /** The journal and issues panel is folded to a strip; null: decided by the window's width. */
  panelCollapsed: boolean | null;
}

export type SizeKey = 'sideWidth' | 'panelWidth' | 'detailShare';

/** [min, max, default] of each size. */
export const LAYOUT_LIMITS: Record<SizeKey, readonly [number, number, number]> = {
  sideWidth: [180, 480, 260],
  panelWidth: [260, 760, 400],
  detailShare: [0.15, 0.85, 0.55],
};

/** Under these window widths a pane the user has not opened or closed himself starts collapsed. */
export const AUTO_COLLAPSE = { side: 1100, panel: 1200 };

export const LAYOUT_KEY = 'stepwise.layout';

export const clampSize = (key: SizeKey, value: number): number => {
  const [min, max, fallback] = LAYOUT_LIMITS[key];
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
};

const defaults = (): Layout => ({
  sideWidth: LAYOUT_LIMITS.sideWidth[2],
  panelWidth: LAYOUT_LIMITS.panelWidth[2],
  detailShare: null,
  sideCollapsed: null,
  panelCollapsed: null,
});

/** A saved layout, each field checked and clamped; anything unreadable falls back to its default. */
export function parseLayout(saved: unknown): Layout {
  const layout = defaults();
  if (!saved || typeof saved !== 'object') return layout;
  const s = saved as Record<string, unknown>;
  if (typeof s.sideWidth === 'number') layout.sideWidth = clampSize('sideWidth', s.sideWidth);
  if (typeof s.panelWidth === 'number') layout.panelWidth = clampSize('panelWidth', s.panelWidth);
  if (typeof s.detailShare === 'number') layout.detailShare = clampSize('detailShare', s.detailShare);
  if (typeof s.sideCollapsed === 'boolean') layout.sideCollapsed = s.sideCollapsed;
  if (typeof s.panelCollapsed === 'boolean') layout.panelCollapsed = s.panelCollapsed;
  return layout;
}

function load(): Layout {
  try {
    return parseLayout(JSON.parse(localStorage.getItem(LAYOUT_KEY) ?? 'null'));
  } catch {
    return defaults();
  }
}

function save(layout: Layout): void {
  try {
    localStorage.setItem(LAYOUT_KEY, JSON.stringify(layout));
  } catch {
    // Storage refused (private mode, quota): the layout lasts until the page closes.
  }
}

export interface LayoutSlice {
  layout: Layout;
  /** The terminal fills the workspace (not remembered: a reload shows the panes again). */
  terminalMaximised: boolean;
  resize(key: SizeKey, value: number): void;
  /** Back to the default size (a double-click on the splitter); for the page above the terminal, what it needs. */
  resetSize(key: SizeKey): void;
  collapseSide(collapsed: boolean): void;
  collapsePanel(collapsed: boolean): void;
  maximiseTerminal(maximised: boolean): void;
}

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = (set, get) => {
  const update = (patch: Partial<Layout>): void => {
    const layout = { ...get().layout, ...patch };
    save(layout);
    set({ layout });
  };
  return {
    layout: load(),
    terminalMaximised: false,
    resize: (key, value) => update({ [key]: clampSize(key, value) }),
    resetSize: (key) => update({ [key]: key === 'detailShare' ? null : LAYOUT_LIMITS[key][2] }),
    collapseSide: (sideCollapsed) => update({ sideCollapsed }),
    collapsePanel: (panelCollapsed) => update({ panelCollapsed }),
    maximiseTerminal: (terminalMaximised) => set({ terminalMaximised }),
  };
};
