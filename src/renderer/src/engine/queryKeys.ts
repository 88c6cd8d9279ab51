// Every cache key of the engine's data, in one place: a session's data lives
// under ['session', id, ...], so opening a session again drops it at once.

export const sessionKeys = {
  all: (sessionId: number) => ['session', sessionId] as const,
  view: (sessionId: number) => ['session', sessionId, 'view'] as const,
  preflight: (sessionId: number) => ['session', sessionId, 'preflight'] as const,
  editPreviews: (sessionId: number) => ['session', sessionId, 'editPreview'] as const,
  editPreview: (sessionId: number, stepId: string) => ['session', sessionId, 'editPreview', stepId] as const,
  /** Each snapshot's distance from the current tree and why pruning keeps it; the records live in the view. */
  snapshotStatus: (sessionId: number) => ['session', sessionId, 'snapshotStatus'] as const,
  snapshotDiffs: (sessionId: number) => ['session', sessionId, 'snapshotDiff'] as const,
  snapshotDiff: (sessionId: number, from: number, against: number | null) => ['session', sessionId, 'snapshotDiff', from, against] as const,
  /** Paged runs and issues (their pages' keys start with these): asked again when runs or issues change. */
  runs: (sessionId: number) => ['session', sessionId, 'runs'] as const,
  issues: (sessionId: number) => ['session', sessionId, 'issues'] as const,
  metrics: (sessionId: number) => ['session', sessionId, 'metrics'] as const,
  guidePreview: (sessionId: number, format: string, options: unknown) => ['session', sessionId, 'guidePreview', format, options] as const,
  /** The mutation that applies new parameters: a step's command may change with them. */
  setParams: (sessionId: number) => ['session', sessionId, 'setParams'] as const,
};

export const appKeys = {
  info: ['app', 'info'] as const,
  /** The journal's health as the last `engine.health` event told it (none yet: app.info's answer holds). */
  health: ['app', 'health'] as const,
  recent: ['projects', 'recent'] as const,
  plans: ['plans'] as const,
  /** A project's sessions (the Sessions dialog asks each time it opens). */
  sessions: (projectId: number) => ['projects', projectId, 'sessions'] as const,
};
