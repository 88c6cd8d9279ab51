import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/core/journal/journal';
import type { MetricValue } from '../../src/shared/model';
import { useTempDir } from '../helpers/tempDir';

const plan = { id: 'p', title: 'Plan', source: '', description: '', parameters: [], phases: [] };
const newSession = { source: plan, resolved: plan, params: {}, origin: 'builtin', trusted: true };

describe('journal measurements', () => {
  const tempDir = useTempDir();

  it('keeps a measurement with its toolchain, metrics and test binaries across a reopen', () => {
    const file = join(tempDir(), 'journal.sqlite');
    const journal = Journal.open(file);
    const session = journal.sessions.create(journal.projects.open('/p').id, newSession);
    const other = journal.sessions.create(journal.projects.open('/q').id, newSession);
    const started = journal.measurements.add(session.id, { kind: 'baseline', label: 'Baseline', toolchain: 'rustc 1.95.0 (abc 2026-01-01)' });
    expect(started).toMatchObject({ kind: 'baseline', endedAt: null, metrics: [], tests: [] });
    journal.measurements.add(other.id, { kind: 'adhoc', label: 'elsewhere', toolchain: 'rustc 1.95.0' });

    const metrics: MetricValue[] = [
      { name: 'build_time_ms', value: 1234, unit: 'ms', status: 'measured', reason: null, samples: [1200, 1234, 1300] },
      { name: 'image_bytes', value: null, unit: 'bytes', status: 'not-measured', reason: 'no Docker engine answered', samples: [] },
      // The advisory ids the vulnerabilities gate compares live with their count (no column of their own).
      { name: 'audit_vulnerabilities', value: 1, unit: 'count', status: 'measured', reason: null, samples: [1], advisories: [{ id: 'RUSTSEC-2020-0071', package: 'time', version: '0.1.45' }] },
    ];
    const tests = [
      { binary: 'unittests src/lib.rs', passed: 3, failed: 1, ignored: 0, failing: ['tests::bad'] },
      { binary: 'photondrift::integration', passed: 2, failed: 0, ignored: 1, failing: [] },
    ];
    journal.measurements.finish(started.id, { metrics, tests });
    journal.close();

    const reopened = Journal.open(file);
    const [m] = reopened.measurements.forSession(session.id);
    expect(m).toMatchObject({ id: started.id, toolchain: 'rustc 1.95.0 (abc 2026-01-01)', metrics, tests });
    expect(m!.endedAt).not.toBeNull();
    expect(reopened.measurements.forSession(other.id)).toHaveLength(1);
    expect(() => reopened.measurements.finish(999, { metrics: [], tests: [] })).toThrow(/no measurement 999/);
    reopened.close();
  });

  it("keeps an after's integrity judgement, and finds the tree a measurement began on: its opening run's", () => {
    const file = join(tempDir(), 'journal.sqlite');
    const journal = Journal.open(file);
    const session = journal.sessions.create(journal.projects.open('/p').id, newSession);
    const run = (command: string, at: Date, tree: string): void => {
      const started = journal.runs.start({ sessionId: session.id, stepId: null, origin: 'measurement', command, cwd: '/p', startedAt: at });
      journal.runs.setTree(started.id, tree);
    };
    run('rustc -V', new Date('2026-01-01T00:00:00.000Z'), 'a'.repeat(40));
    const baseline = journal.measurements.add(session.id, { kind: 'baseline', label: 'B', toolchain: 'rustc', startedAt: new Date('2026-01-01T00:00:01.000Z') });
    run('cargo test', new Date('2026-01-01T00:00:02.000Z'), 'b'.repeat(40));
    run('rustc -V', new Date('2026-01-01T00:01:00.000Z'), 'c'.repeat(40));
    const after = journal.measurements.add(session.id, { kind: 'after', label: 'A', toolchain: 'rustc', startedAt: new Date('2026-01-01T00:01:01.000Z') });
    expect(journal.measurements.tree(baseline)).toBe('a'.repeat(40));
    expect(journal.measurements.tree(after)).toBe('c'.repeat(40));

    expect(journal.measurements.get(after.id).integrity).toBeUndefined();
    const integrity = { baselineId: baseline.id, unavailable: null, findings: [{ kind: 'test-removed' as const, file: 'src/lib.rs', line: 3, what: 'test `x` removed', stepId: null, stepTitle: null }] };
    journal.measurements.setIntegrity(after.id, integrity);
    journal.close();
    const reopened = Journal.open(file);
    expect(reopened.measurements.get(after.id).integrity).toEqual(integrity);
    reopened.close();
  });
});
