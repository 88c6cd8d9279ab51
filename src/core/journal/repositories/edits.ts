// The edits table: the file changes a session's edit steps applied.
import type { EditRecord } from '../../../shared/model';
import { now, Repository } from './repository';

interface EditRow { id: number; session_id: number; step_id: string; file: string; diff: string; applied_at: string }

const toEdit = (r: EditRow): EditRecord => ({
  id: r.id, sessionId: r.session_id, stepId: r.step_id, file: r.file, diff: r.diff, appliedAt: r.applied_at,
});

export class EditRepository extends Repository {
  /** One step's changes, all recorded or none. */
  record(sessionId: number, stepId: string, changes: { file: string; diff: string }[]): EditRecord[] {
    const at = now();
    return this.db
      .transaction(() =>
        changes.map((c) =>
          Number(this.db.run('INSERT INTO edits (session_id, step_id, file, diff, applied_at) VALUES (?, ?, ?, ?, ?)', sessionId, stepId, c.file, c.diff, at).lastInsertRowid),
        ),
      )
      .map((id) => toEdit(this.db.get<EditRow>('SELECT * FROM edits WHERE id = ?', id)!));
  }

  forSession(sessionId: number): EditRecord[] {
    return this.ofSession('edits', sessionId, toEdit);
  }
}
