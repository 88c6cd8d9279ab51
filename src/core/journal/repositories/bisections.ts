// The bisections table: toolchain bisections run from the wizard, each with
// its whole report.
import type { BisectionRecord, BisectReport } from '../../../shared/toolchain/bisection';
import { now, Repository } from './repository';

interface BisectionRow { id: number; session_id: number; created_at: string; report_json: string }

const toBisection = (r: BisectionRow): BisectionRecord => ({
  id: r.id, sessionId: r.session_id, createdAt: r.created_at, report: JSON.parse(r.report_json) as BisectReport,
});

export class BisectionRepository extends Repository {
  add(sessionId: number, report: BisectReport): BisectionRecord {
    const info = this.db.run('INSERT INTO bisections (session_id, created_at, report_json) VALUES (?, ?, ?)', sessionId, now(), JSON.stringify(report));
    return this.byId('bisections', 'bisection', Number(info.lastInsertRowid), toBisection);
  }

  forSession(sessionId: number): BisectionRecord[] {
    return this.ofSession('bisections', sessionId, toBisection);
  }
}
