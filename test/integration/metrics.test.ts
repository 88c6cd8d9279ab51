// Measurements end to end below the UI: real engine, WebSocket, pty, bash and
// cargo on a copy of the photondrift fixture; cargo-audit is not installed and
// no Docker engine answers here, so those figures are recorded as not measured.
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvents, MeasurementProgress } from '../../src/shared/contract';
import type { MeasurementRecord, MetricName, MetricValue } from '../../src/shared/model';
import type { Harness } from '../helpers/engineHarness';
import { openFixtureSession, type FixtureSession } from '../helpers/fixtureSession';
import { sessionIssues, sessionRuns } from '../helpers/sessionLists';

describe('measurements in the session terminal', () => {
  let fixture: FixtureSession;
  let h: Harness;
  let sessionId: number;
  let terminalId: string;
  beforeAll(async () => {
    fixture = await openFixtureSession();
    ({ h, sessionId, terminalId } = fixture);
  });
  afterAll(() => fixture.close());

  const finished = (id: () => number): Promise<EngineEvents['metrics.changed']> =>
    new Promise((resolve) => {
      const off = h.client.on('metrics.changed', (event) => {
        if (event.measurement.id === id() && event.measurement.endedAt !== null) {
          off();
          resolve(event);
        }
      });
    });
  const metric = (m: MeasurementRecord, name: MetricName): MetricValue => m.metrics.find((v) => v.name === name)!;

  async function measure(params: Omit<Parameters<typeof h.client.request<'metrics.measure'>>[1], 'sessionId' | 'terminalId'>): Promise<EngineEvents['metrics.changed']> {
    let id = 0;
    const done = finished(() => id);
    const started = await h.client.request('metrics.measure', { sessionId, terminalId, ...params });
    id = started.id;
    expect(started.endedAt).toBeNull();
    return done;
  }

  it('takes a baseline: clean builds timed N times, tests per binary, sizes, and what could not be measured', async () => {
    const progress: MeasurementProgress[] = [];
    h.client.on('metrics.progress', (p) => progress.push(p));
    const { measurement: baseline, gates } = await measure({
      kind: 'baseline', runs: 2, clean: true, image: 'photondrift:latest', runtime: { command: 'sleep 0.4', regex: null },
    });

    expect(baseline.toolchain).toMatch(/^rustc 1\.\d+\.\d+/);
    const build = metric(baseline, 'build_time_ms');
    expect(build).toMatchObject({ status: 'measured', unit: 'ms' });
    expect(build.samples).toHaveLength(2);
    expect(build.value).toBe((build.samples[0]! + build.samples[1]!) / 2);
    expect(metric(baseline, 'check_time_ms').status).toBe('measured');

    const artifacts = metric(baseline, 'artifact_bytes');
    const rlib = join(fixture.project, 'target/release/libphotondrift.rlib');
    expect(artifacts.parts).toEqual([{ label: 'release/libphotondrift.rlib', value: statSync(rlib).size }]);
    expect(artifacts.value).toBe(statSync(rlib).size);

    expect(baseline.tests).toEqual([
      { binary: 'unittests src/lib.rs', crate: 'photondrift', passed: 5, failed: 0, ignored: 0, failing: [] },
      { binary: 'Doc-tests photondrift', crate: 'photondrift', passed: 0, failed: 0, ignored: 0, failing: [] },
    ]);
    expect(metric(baseline, 'tests_passed').value).toBe(5);

    expect(metric(baseline, 'audit_vulnerabilities')).toMatchObject({ status: 'not-measured', reason: 'cargo-audit is not installed (cargo install cargo-audit)' });
    expect(metric(baseline, 'image_bytes')).toMatchObject({ status: 'not-measured', reason: expect.stringMatching(/^no Docker engine answered \(Cannot connect to the Docker daemon/) });
    expect(metric(baseline, 'runtime').value).toBeGreaterThanOrEqual(400);
    expect(gates.every((g) => g.verdict === 'not-measured' && g.detail === 'no "after" measurement yet')).toBe(true);

    // Every command ran in the terminal and is a journaled run; the missing tool is an issue.
    const runs = await sessionRuns(h.client, sessionId);
    const commands = runs.map((r) => r.command);
    // Journaled as the measurement's, not as typed by the user.
    expect(new Set(runs.map((r) => r.origin))).toEqual(new Set(['measurement']));
    expect(commands.filter((c) => c === 'cargo build --release')).toHaveLength(2);
    expect(commands.filter((c) => c === 'cargo clean --release')).toHaveLength(2);
    expect(commands).toEqual(expect.arrayContaining(['rustc -V', 'cargo check', 'cargo test --no-fail-fast', 'cargo audit --json', "docker image inspect --format '{{.Size}}' photondrift:latest"]));
    expect((await sessionIssues(h.client, sessionId)).find((i) => i.code === 'no-such-command')).toMatchObject({ tool: 'cargo', message: 'no such command: `audit`' });

    // Progress: each command in turn, and the crate cargo compiled from its own output.
    expect(progress.map((p) => p.label)).toEqual(expect.arrayContaining(['cargo build --release (1 of 2)', 'cargo build --release (2 of 2)']));
    expect(progress.every((p) => p.measurementId === baseline.id && p.steps === 13)).toBe(true);
    expect(progress.some((p) => p.build?.current === 'photondrift')).toBe(true);
  });

  it('takes an after the change: a failing test and a dropped one fail the tests gate, by name', async () => {
    const lib = join(fixture.project, 'src/lib.rs');
    const source = readFileSync(lib, 'utf8');
    // Two tests are no longer tests, and a failing one is added: one failing, one fewer than the baseline.
    const untest = (text: string, name: string): string => text.replace(`#[test]\n    fn ${name}`, `#[allow(dead_code)]\n    fn ${name}`);
    writeFileSync(lib, untest(untest(source, 'median_of_odd_and_even_series'), 'parses_config_with_comments'));
    appendFileSync(lib, '\n#[cfg(test)]\nmod after {\n    #[test]\n    fn ratio_is_one() {\n        assert_eq!(1 + 1, 3);\n    }\n}\n');
    const { measurement: after, gates } = await measure({ kind: 'after', runs: 2, runtime: { command: 'sleep 0.1', regex: null } });

    expect(after.tests[0]).toMatchObject({ binary: 'unittests src/lib.rs', passed: 3, failed: 1, failing: ['after::ratio_is_one'] });
    const tests = gates.find((g) => g.id === 'tests')!;
    expect(tests).toMatchObject({ verdict: 'fail', baseline: 5, after: 4, change: -0.2 });
    expect(tests.detail).toBe("3 of 4 passed (baseline 5 of 5); 1 failing: after::ratio_is_one; 1 fewer than the baseline's 5");
    expect(gates.find((g) => g.id === 'runtime')).toMatchObject({ verdict: 'pass' });
    expect(gates.find((g) => g.id === 'image-size')).toMatchObject({ verdict: 'not-measured', detail: expect.stringMatching(/^baseline: not measured \(no Docker engine answered/) });
    expect(gates.find((g) => g.id === 'vulnerabilities')!.detail).toBe('baseline: not measured (cargo-audit is not installed (cargo install cargo-audit))');
    const buildGate = gates.find((g) => g.id === 'build-time')!;
    expect(buildGate.baseline).toBe(metric((await h.client.request('metrics.list', { sessionId })).measurements[0]!, 'build_time_ms').value);
    expect(buildGate.after).toBe(metric(after, 'build_time_ms').value);
    expect(['pass', 'fail']).toContain(buildGate.verdict);

    writeFileSync(lib, source); // back to the fixture as it was
  });

  it('records a broken build as a failed figure, and Ctrl+C stops the measurement', async () => {
    const lib = join(fixture.project, 'src/lib.rs');
    const source = readFileSync(lib, 'utf8');
    writeFileSync(lib, `${source}\nfn broken() -> u32 { "not a number" }\n`);
    const runtimeStarted = new Promise<void>((resolve) => {
      const off = h.client.on('metrics.progress', (p) => {
        if (p.label === 'sleep 30') {
          off();
          resolve();
        }
      });
    });
    const done = measure({ kind: 'adhoc', label: 'broken', runs: 1, runtime: { command: 'sleep 30', regex: null } });
    await runtimeStarted;
    await expect(h.client.request('metrics.measure', { sessionId, terminalId, kind: 'adhoc' })).rejects.toMatchObject({ code: 'busy' });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the shell start it
    h.client.notify('terminal.input', { terminalId, data: '\x03' });
    const { measurement } = await done;
    writeFileSync(lib, source);

    expect(metric(measurement, 'build_time_ms')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^`cargo build --release` exited with 101: mismatched types/) });
    expect(metric(measurement, 'artifact_bytes')).toMatchObject({ status: 'not-measured', reason: 'the release build did not finish' });
    expect(metric(measurement, 'tests_passed').status).toBe('failed');
    expect(metric(measurement, 'runtime')).toMatchObject({ status: 'not-measured', reason: 'stopped with Ctrl+C during `sleep 30`' });
    const overview = await h.client.request('metrics.list', { sessionId });
    expect(overview.running).toBeNull();
    expect(overview.measurements.map((m) => m.kind)).toEqual(['baseline', 'after', 'adhoc']);
    expect(overview.toolchains).toEqual(expect.arrayContaining(['stable', 'nightly']));
  });

  it('checks under two toolchains and tells the problems only one of them has', async () => {
    const lib = join(fixture.project, 'src/lib.rs');
    const source = readFileSync(lib, 'utf8');
    writeFileSync(lib, `#![feature(never_type)]\n${source}`);
    const compared = new Promise<EngineEvents['metrics.compared']>((resolve) => h.client.on('metrics.compared', resolve));
    const comparison = await h.client.request('metrics.compareToolchains', { sessionId, terminalId, old: 'stable', new: 'nightly', args: 'check' });
    writeFileSync(lib, source);

    expect(comparison.old).toMatchObject({ toolchain: 'stable', command: 'cargo +stable check', exitCode: 101, version: expect.stringMatching(/^rustc 1\.\d+\.\d+ /) });
    expect(comparison.new).toMatchObject({ toolchain: 'nightly', command: 'cargo +nightly check', exitCode: 0, version: expect.stringMatching(/-nightly/) });
    expect(comparison.old.only.map((d) => d.code)).toContain('E0554');
    expect(comparison.new.only.map((d) => d.code)).toEqual(['unused_features']);
    expect(comparison.old.only.map((d) => d.fingerprint)).not.toContain(comparison.new.only[0]!.fingerprint);
    expect(await compared).toEqual(comparison);
    expect((await h.client.request('metrics.list', { sessionId })).comparisons).toEqual([comparison]);
    const comparedRuns = (await sessionRuns(h.client, sessionId)).filter((r) => r.command.startsWith('cargo +') || r.command.startsWith('rustc +'));
    expect(comparedRuns.map((r) => r.origin)).toEqual(['comparison', 'comparison', 'comparison', 'comparison']);

    await expect(h.client.request('metrics.compareToolchains', { sessionId, terminalId, old: 'stable; rm -rf /', new: 'nightly' })).rejects.toMatchObject({ code: 'invalid-params' });
  });
});
