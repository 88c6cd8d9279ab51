// The snapshots table: what a session's project looked like before a step,
// a fix or a restore changed it (the files live in a git or folder store).
import type { IssueState, SnapshotKind, SnapshotRecord, ToolchainState } from '../../../shared/model';
import type { TakenSnapshot } from '../../snapshots';
import { Repository } from './repository';

interface SnapshotRow {
  id: number; session_id: number; step_id: string | null; store: 'git' | 'folder'; store_id: string; label: string;
  created_at: string; file_count: number; bytes: number; left_out_json: string; kind: SnapshotKind;
  toolchain_json: string | null; issue_id: number | null;
}

const toSnapshot = (r: SnapshotRow): SnapshotRecord => ({
  id: r.id, sessionId: r.session_id, stepId: r.step_id, store: r.store, storeId: r.store_id, label: r.label,
  createdAt: r.created_at, fileCount: r.file_count, bytes: r.bytes, leftOut: JSON.parse(r.left_out_json) as string[],
  toolchain: r.toolchain_json ? (JSON.parse(r.toolchain_json) as ToolchainState) : null, kind: r.kind,
});

export interface SnapshotMetaInput {
  kind?: SnapshotKind;
  toolchain?: ToolchainState | null;
  /** The issue whose one-click fix this snapshot was taken before. */
  issueId?: number | null;
}

export class SnapshotRepository extends Repository {
  record(sessionId: number, stepId: string | null, s: TakenSnapshot, meta: SnapshotMetaInput = {}): SnapshotRecord {
    const info = this.db.run(
      `INSERT INTO snapshots (session_id, step_id, store, store_id, label, created_at, file_count, bytes, left_out_json,
         kind, toolchain_json, issue_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      sessionId, stepId, s.store, s.id, s.label, s.createdAt, s.fileCount, s.bytes, JSON.stringify(s.leftOut),
      meta.kind ?? 'auto', meta.toolchain ? JSON.stringify(meta.toolchain) : null, meta.issueId ?? null,
    );
    return this.get(Number(info.lastInsertRowid));
  }

  get(id: number): SnapshotRecord {
    return this.byId('snapshots', 'snapshot', id, toSnapshot);
  }

  forSession(sessionId: number): SnapshotRecord[] {
    return this.ofSession('snapshots', sessionId, toSnapshot);
  }

  /** Snapshots taken before an issue's one-click fix, with that issue's state now. */
  issueLinks(sessionId: number): { snapshotId: number; issueId: number; issueState: IssueState }[] {
    return this.db.all<{ snapshotId: number; issueId: number; issueState: IssueState }>(
      `SELECT snapshots.id AS snapshotId, issues.id AS issueId, issues.state AS issueState
       FROM snapshots JOIN issues ON issues.id = snapshots.issue_id WHERE snapshots.session_id = ? ORDER BY snapshots.id`,
      sessionId,
    );
  }

  delete(id: number): void {
    this.db.run('DELETE FROM snapshots WHERE id = ?', id);
  }
}
