// The restores table: each return of a project to a snapshot, journaled
// before any file changes so that a crash leaves a row to finish.
import type { RestoreMode, RestoreRecord, RestoreStatus } from '../../../shared/model';
import { now, Repository } from './repository';

interface RestoreRow {
  id: number; session_id: number; snapshot_id: number; safety_snapshot_id: number | null; mode: RestoreMode;
  files_json: string; status: RestoreStatus; started_at: string; ended_at: string | null;
  toolchain_commands_json: string; error: string | null;
}

const toRestore = (r: RestoreRow): RestoreRecord => ({
  id: r.id, sessionId: r.session_id, snapshotId: r.snapshot_id, safetySnapshotId: r.safety_snapshot_id, mode: r.mode,
  files: JSON.parse(r.files_json) as string[], status: r.status, startedAt: r.started_at, endedAt: r.ended_at,
  toolchainCommands: JSON.parse(r.toolchain_commands_json) as string[], error: r.error,
});

export interface NewRestore {
  sessionId: number;
  snapshotId: number;
  safetySnapshotId: number;
  mode: RestoreMode;
  files: string[];
  toolchainCommands: string[];
}

export class RestoreRepository extends Repository {
  /** Journals a restore as `running` before the store changes any file, so a crash leaves a row to finish. */
  start(r: NewRestore): RestoreRecord {
    const info = this.db.run(
      `INSERT INTO restores (session_id, snapshot_id, safety_snapshot_id, mode, files_json, status, started_at, toolchain_commands_json)
       VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`,
      r.sessionId, r.snapshotId, r.safetySnapshotId, r.mode, JSON.stringify(r.files), now(), JSON.stringify(r.toolchainCommands),
    );
    return this.get(Number(info.lastInsertRowid));
  }

  end(id: number, status: Exclude<RestoreStatus, 'running'>, error: string | null = null): RestoreRecord {
    this.db.run('UPDATE restores SET status = ?, ended_at = ?, error = ? WHERE id = ?', status, now(), error, id);
    return this.get(id);
  }

  get(id: number): RestoreRecord {
    return this.byId('restores', 'restore', id, toRestore);
  }

  forSession(sessionId: number): RestoreRecord[] {
    return this.ofSession('restores', sessionId, toRestore);
  }

  /** Restores of every session still marked running: cut short by a crash when no restore is under way. */
  running(): RestoreRecord[] {
    return this.db.all<RestoreRow>(`SELECT * FROM restores WHERE status = 'running' ORDER BY id`).map(toRestore);
  }
}
