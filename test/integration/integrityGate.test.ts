// The test integrity gate end to end: a real engine, a committed copy of the
// photondrift fixture, a baseline, then an edit step that puts #[ignore] on a
// test and a test deleted by hand, then an after. The gate fails naming each
// change with its file, line and the step (or none) that made it; the guide
// and `stepwise measure`'s report say the same. The measurements time only
// `true` (their runtime part): the gate reads git trees, not cargo.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measurementReport } from '../../src/cli/measure/report';
import type { EngineEvents } from '../../src/shared/contract';
import { commitAll } from '../helpers/gitRepo';
import { startPlanSession, type PlanSession } from '../helpers/planSession';
import { copyRustFixture } from '../helpers/rustFixture';

const PLAN = `id: quiet-tests
title: An upgrade that quiets a test
phases:
  - id: only
    title: Only
    steps:
      - id: quiet-nan
        title: Skip the NaN sort test
        kind: edit
        edit:
          replace: { find: "fn sorting_with_nan_does_not_panic", with: "#[ignore]\\n    fn sorting_with_nan_does_not_panic", files: [src/lib.rs] }
      - id: hush-lints
        title: Hush the unused warnings
        kind: command
        command: "sed -i '1i #![allow(unused_variables)]' src/lib.rs"
`;

describe('the test integrity gate', () => {
  let project: string;
  let s: PlanSession;
  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'stepwise-integrity-'));
    copyRustFixture(project);
    commitAll(project);
    s = await startPlanSession(project, 'quiet.yaml', PLAN);
  });
  afterAll(async () => {
    await s.close();
    rmSync(project, { recursive: true, force: true });
  });

  async function measure(kind: 'baseline' | 'after'): Promise<EngineEvents['metrics.changed']> {
    let id = 0;
    const done = new Promise<EngineEvents['metrics.changed']>((resolve) => {
      const off = s.h.client.on('metrics.changed', (event) => {
        if (event.measurement.id !== id || event.measurement.endedAt === null) return;
        off();
        resolve(event);
      });
    });
    const started = await s.h.client.request('metrics.measure', {
      sessionId: s.sessionId, terminalId: s.terminalId, kind, runs: 1, what: ['runtime'], runtime: { command: 'true', regex: null },
    });
    id = started.id;
    return done;
  }
  const integrityGate = (event: EngineEvents['metrics.changed']) => event.gates.find((g) => g.id === 'integrity')!;

  it('passes when nothing was relaxed', async () => {
    await measure('baseline');
    const after = await measure('after');
    expect(integrityGate(after)).toMatchObject({ verdict: 'pass', detail: 'no test or lint relaxed', title: 'Test integrity' });
  });

  it("fails on an #[ignore] an edit step added and a test deleted by hand, naming each file, line and step", async () => {
    const baseline = await measure('baseline');
    const lib = join(project, 'src/lib.rs');
    // A removed test is named at its line in the baseline's file.
    const removedAt = readFileSync(lib, 'utf8').split('\n').findIndex((l) => l.includes('fn parses_config_with_comments')) + 1;
    await s.applyEdit('quiet-nan');
    const source = readFileSync(lib, 'utf8');
    writeFileSync(lib, source.replace(/ {4}#\[test\]\n {4}fn parses_config_with_comments[^]*?\n {4}\}\n/, ''));
    const ignoredAt = readFileSync(lib, 'utf8').split('\n').findIndex((l) => l.includes('fn sorting_with_nan_does_not_panic')) + 1;

    const after = await measure('after');
    const gate = integrityGate(after);
    expect(gate).toMatchObject({ verdict: 'fail', detail: '1 test ignored, 1 test removed' });
    expect(gate.findings).toEqual([
      { kind: 'ignore-added', file: 'src/lib.rs', line: ignoredAt, what: '`#[ignore]` on test `sorting_with_nan_does_not_panic`', stepId: 'quiet-nan', stepTitle: 'Skip the NaN sort test' },
      { kind: 'test-removed', file: 'src/lib.rs', line: removedAt, what: 'test `parses_config_with_comments` removed', stepId: null, stepTitle: null },
    ]);
    // Journaled with the after, against that baseline: read back, not judged again.
    expect(after.measurement.integrity).toMatchObject({ baselineId: baseline.measurement.id, unavailable: null });
    const overview = await s.h.client.request('metrics.list', { sessionId: s.sessionId });
    expect(overview.gates.find((g) => g.id === 'integrity')).toEqual(gate);

    const report = measurementReport(after.measurement, after.gates);
    expect(report).toContain(`src/lib.rs:${removedAt}: test \`parses_config_with_comments\` removed (changed outside Stepwise's steps)`);
    expect(report).toContain(`src/lib.rs:${ignoredAt}: \`#[ignore]\` on test \`sorting_with_nan_does_not_panic\` (step "Skip the NaN sort test")`);

    const guide = await s.h.client.request('guide.export', { sessionId: s.sessionId, format: 'md' });
    expect(guide.text).toContain('Test integrity failed on what the after relaxed since the baseline:');
    expect(guide.text).toContain(`- \`src/lib.rs:${removedAt}\` test \`parses_config_with_comments\` removed: changed outside Stepwise's steps`);
    expect(guide.text).toContain(`- \`src/lib.rs:${ignoredAt}\` \`#[ignore]\` on test \`sorting_with_nan_does_not_panic\`: step "Skip the NaN sort test"`);
  });

  it('names the command step whose run relaxed a lint, from the trees its run started and ended on', async () => {
    await measure('baseline');
    const ran = await s.runStep('hush-lints');
    expect('run' in ran && ran.run.status).toBe('passed');
    // Once the tree the step's run ended on is recorded (it is taken as the run ends).
    await s.h.engine.settled();
    // A typed command relaxes one more: no step made it.
    writeFileSync(join(project, 'src/lib.rs'), `#![allow(dead_code)]\n${readFileSync(join(project, 'src/lib.rs'), 'utf8')}`);
    const gate = integrityGate(await measure('after'));
    expect(gate.verdict).toBe('fail');
    // In the file's order: the typed one went in above the step's.
    expect(gate.findings?.map((f) => [f.kind, f.what, f.stepId, f.stepTitle])).toEqual([
      ['allow-added', '`#[allow(dead_code)]`', null, null],
      ['allow-added', '`#[allow(unused_variables)]`', 'hush-lints', 'Hush the unused warnings'],
    ]);
  });
});
