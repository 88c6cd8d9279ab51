// The measurements table (a session's build and test metrics) and the
// toolchain comparisons made beside them.
import type {
  IntegrityCheck,
  MeasurementKind,
  MeasurementRecord,
  MetricValue,
  TestBinaryCounts,
  ToolchainCheck,
  ToolchainComparison,
} from '../../../shared/model';
import { NotFoundError, now, Repository } from './repository';

interface MeasurementRow {
  id: number; session_id: number; kind: MeasurementKind; label: string; toolchain: string;
  started_at: string; ended_at: string | null; metrics_json: string; tests_json: string; integrity_json: string | null;
}
interface ComparisonRow {
  id: number; session_id: number; args: string; created_at: string; old_json: string; new_json: string; common: number;
}

const toMeasurement = (r: MeasurementRow): MeasurementRecord => {
  const m: MeasurementRecord = {
    id: r.id, sessionId: r.session_id, kind: r.kind, label: r.label, toolchain: r.toolchain, startedAt: r.started_at,
    endedAt: r.ended_at, metrics: JSON.parse(r.metrics_json) as MetricValue[], tests: JSON.parse(r.tests_json) as TestBinaryCounts[],
  };
  if (r.integrity_json !== null) m.integrity = JSON.parse(r.integrity_json) as IntegrityCheck;
  return m;
};
const toComparison = (r: ComparisonRow): ToolchainComparison => ({
  id: r.id, sessionId: r.session_id, args: r.args, createdAt: r.created_at,
  old: JSON.parse(r.old_json) as ToolchainCheck, new: JSON.parse(r.new_json) as ToolchainCheck, common: r.common,
});

export class MeasurementRepository extends Repository {
  /** Starts a measurement; until it is finished it has no end and judges no gate. */
  add(sessionId: number, input: { kind: MeasurementKind; label: string; toolchain: string; startedAt?: Date }): MeasurementRecord {
    const info = this.db.run(
      'INSERT INTO measurements (session_id, kind, label, toolchain, started_at) VALUES (?, ?, ?, ?, ?)',
      sessionId, input.kind, input.label, input.toolchain, (input.startedAt ?? new Date()).toISOString(),
    );
    return this.get(Number(info.lastInsertRowid));
  }

  finish(id: number, result: { metrics: MetricValue[]; tests: TestBinaryCounts[]; endedAt?: Date }): MeasurementRecord {
    const { changes } = this.db.run(
      'UPDATE measurements SET ended_at = ?, metrics_json = ?, tests_json = ? WHERE id = ?',
      (result.endedAt ?? new Date()).toISOString(), JSON.stringify(result.metrics), JSON.stringify(result.tests), id,
    );
    if (changes === 0) throw new NotFoundError(`no measurement ${id} in the journal`);
    return this.get(id);
  }

  /** An after's integrity, judged against a baseline once it has ended. */
  setIntegrity(id: number, integrity: IntegrityCheck): MeasurementRecord {
    const { changes } = this.db.run('UPDATE measurements SET integrity_json = ? WHERE id = ?', JSON.stringify(integrity), id);
    if (changes === 0) throw new NotFoundError(`no measurement ${id} in the journal`);
    return this.get(id);
  }

  /**
   * The project's git tree as a measurement began: the tree of the `rustc -V`
   * that opened it, the last of its session's measurement runs started no
   * later than it (measurements in a session run one at a time). Null when
   * none was recorded (outside git).
   */
  tree(m: MeasurementRecord): string | null {
    return this.db.get<{ tree: string | null }>(
      "SELECT tree FROM runs WHERE session_id = ? AND origin = 'measurement' AND started_at <= ? ORDER BY id DESC LIMIT 1",
      m.sessionId, m.startedAt,
    )?.tree ?? null;
  }

  get(id: number): MeasurementRecord {
    return this.byId('measurements', 'measurement', id, toMeasurement);
  }

  forSession(sessionId: number): MeasurementRecord[] {
    return this.ofSession('measurements', sessionId, toMeasurement);
  }

  addComparison(sessionId: number, c: { args: string; old: ToolchainCheck; new: ToolchainCheck; common: number }): ToolchainComparison {
    const info = this.db.run(
      'INSERT INTO toolchain_comparisons (session_id, args, created_at, old_json, new_json, common) VALUES (?, ?, ?, ?, ?, ?)',
      sessionId, c.args, now(), JSON.stringify(c.old), JSON.stringify(c.new), c.common,
    );
    return toComparison(this.db.get<ComparisonRow>('SELECT * FROM toolchain_comparisons WHERE id = ?', Number(info.lastInsertRowid))!);
  }

  comparisons(sessionId: number): ToolchainComparison[] {
    return this.db.all<ComparisonRow>('SELECT * FROM toolchain_comparisons WHERE session_id = ? ORDER BY id', sessionId).map(toComparison);
  }
}
