// How the Snapshots page words snapshots, restores and file changes.
import type { FileChangeStatus, RestoreMode, RestoreRecord, RestoreStatus, SnapshotRecord, ToolchainState } from '../../../../shared/model';

/** `1.75.0-x86_64-unknown-linux-gnu (overridden by ...)` -> `1.75.0`; the full text goes in a tooltip. */
export function toolchainName(toolchain: ToolchainState | null): { short: string; full: string } {
  if (!toolchain) return { short: '—', full: 'Toolchain not recorded (taken before toolchains were recorded)' };
  const active = toolchain.active ?? toolchain.defaultToolchain;
  if (!active) return { short: 'toolchain unknown', full: toolchain.error ?? 'rustup reported no toolchain' };
  const name = active.split(' ')[0]!;
  const short = name.replace(/-(?:x86_64|aarch64|i686|armv7|arm|riscv64gc|powerpc64le|s390x|loongarch64)-.*$/, '');
  const extras = [toolchain.targets.length ? `targets: ${toolchain.targets.join(', ')}` : '', toolchain.toolchainFile ? `${toolchain.toolchainFile.path} pins it` : '']
    .filter(Boolean)
    .join('\n');
  return { short, full: extras ? `${active}\n${extras}` : active };
}

export function changedText(changedFiles: number | null): string {
  if (changedFiles === null) return 'changes unknown';
  if (changedFiles === 0) return 'same as now';
  return `${changedFiles} file${changedFiles === 1 ? '' : 's'} changed since`;
}

export const KIND_TITLE: Record<SnapshotRecord['kind'], string> = {
  auto: 'Taken automatically before an edit, a high-risk step or a one-click fix',
  manual: 'Taken by hand',
  safety: 'Taken before a restore, so that the restore can be undone',
};

/** Why the snapshot exists: the step it was taken before, or what else took it. */
export function originText(kind: SnapshotRecord['kind'], stepTitle: string | null): string {
  if (stepTitle) return `step: ${stepTitle}`;
  if (kind === 'manual') return 'taken by hand';
  if (kind === 'safety') return 'taken before a restore';
  return 'taken before a one-click fix';
}

export const MODE_TEXT: Record<RestoreMode, string> = {
  all: 'everything',
  files: 'selected files',
  emergency: 'emergency rollback',
};

export const RESTORE_STATUS_TEXT: Record<RestoreStatus, string> = {
  running: 'restoring…',
  done: 'done',
  failed: 'failed',
  'finished-at-start': 'finished at the next start',
  'rolled-back-at-start': 'rolled back at the next start',
};

/** What restoring the snapshot does to a file that changed since (the diff runs from the snapshot to the tree). */
export const RESTORE_EFFECT: Record<FileChangeStatus, string> = {
  added: 'removed (not in the snapshot)',
  deleted: 'recreated',
  modified: "put back to the snapshot's content",
  mode: "exec bit put back as the snapshot had it",
};

/** A restore of another restore's safety snapshot is that restore's undo. */
export function undoneRestore(restore: RestoreRecord, restores: RestoreRecord[]): RestoreRecord | undefined {
  return restores.find((r) => r.id !== restore.id && r.safetySnapshotId === restore.snapshotId);
}

export function localTime(iso: string): string {
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return today ? at.toLocaleTimeString() : at.toLocaleString();
}
