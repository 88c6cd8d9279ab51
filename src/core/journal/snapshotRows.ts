// Snapshot and restore rows of the journal, and their model types.
import type { RestoreMode, RestoreRecord, RestoreStatus, SnapshotKind, SnapshotRecord, ToolchainState } from '../../shared/model';

export interface SnapshotRow {
  id: number; session_id: number; step_id: string | null; store: 'git' | 'folder'; store_id: string; label: string;
  created_at: string; file_count: number; bytes: number; left_out_json: string; kind: SnapshotKind;
  toolchain_json: string | null; issue_id: number | null;
}

export interface RestoreRow {
  id: number; session_id: number; snapshot_id: number; safety_snapshot_id: number | null; mode: RestoreMode;
  files_json: string; status: RestoreStatus; started_at: string; ended_at: string | null;
  toolchain_commands_json: string; error: string | null;
}

export const toSnapshot = (r: SnapshotRow): SnapshotRecord => ({
  id: r.id, sessionId: r.session_id, stepId: r.step_id, store: r.store, storeId: r.store_id, label: r.label,
  createdAt: r.created_at, fileCount: r.file_count, bytes: r.bytes, leftOut: JSON.parse(r.left_out_json) as string[],
  toolchain: r.toolchain_json ? (JSON.parse(r.toolchain_json) as ToolchainState) : null, kind: r.kind,
});

export const toRestore = (r: RestoreRow): RestoreRecord => ({
  id: r.id, sessionId: r.session_id, snapshotId: r.snapshot_id, safetySnapshotId: r.safety_snapshot_id, mode: r.mode,
  files: JSON.parse(r.files_json) as string[], status: r.status, startedAt: r.started_at, endedAt: r.ended_at,
  toolchainCommands: JSON.parse(r.toolchain_commands_json) as string[], error: r.error,
});

export interface SnapshotMetaInput {
  kind?: SnapshotKind;
  toolchain?: ToolchainState | null;
  /** The issue whose one-click fix this snapshot was taken before. */
  issueId?: number | null;
}

export interface NewRestore {
  sessionId: number;
  snapshotId: number;
  safetySnapshotId: number;
  mode: RestoreMode;
  files: string[];
  toolchainCommands: string[];
}
