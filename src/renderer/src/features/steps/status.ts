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

export const STATUS_GLYPH: Record<StepStatus, string> = {
  pending: '○',
  running: '◐',
  passed: '✓',
  failed: '✕',
  stopped: '■',
  skipped: '↷',
  interrupted: '!',
};

export const KIND_GLYPH: Record<StepKind, string> = {
  command: '$',
  check: '✔︎?',
  toolchain: '⚙',
  edit: '±',
  manual: '☐',
  snapshot: '⎘',
};
