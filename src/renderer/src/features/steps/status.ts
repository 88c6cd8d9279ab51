import type { StepKind, StepStatus } from '../../../../shared/model';

export const STATUS_LABEL: Record<StepStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  passed: 'Passed',
  failed: 'Failed',
  stopped: 'Stopped',
  skipped: 'Skipped',
  interrupted: 'Interrupted',
};

/** What each kind of step does, as the legend and the step list's icons say it. */
export const KIND_LABEL: Record<StepKind, string> = {
  command: 'Command: runs in the terminal',
  check: 'Check: runs in the terminal and must pass',
  toolchain: 'Toolchain: installs or switches a Rust toolchain',
  edit: 'Edit: a diff you review, then apply',
  manual: 'Manual: something you do yourself, then mark done',
  snapshot: 'Snapshot: pins the project as it is',
  migrate: 'Migrate: an edition or clippy migration you steer lint by lint',
};
