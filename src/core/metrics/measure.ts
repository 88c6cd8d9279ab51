// One measurement: every figure of the seed's success metrics, each command
// run in the session's terminal (the user watches it; the journal keeps it as
// a run). A figure that cannot be taken is recorded with the reason; Ctrl+C
// or a closed terminal stops the measurement, and what was not reached yet
// is recorded as not measured.
import type { MetricName, MetricValue, TestBinaryCounts } from '../../shared/model';
import { TestBinaryCounter } from '../diagnostics/testBinaries';
import type { FinishedRun } from '../terminals/terminalManager';
import { readWorkspaceTargets, releaseArtifacts } from './artifacts';
import { CargoProgress, type BuildProgress } from './cargoProgress';
import { METRIC_UNITS, TEST_RUNNERS, type MeasurePart, type TestRunner } from '../../shared/measurements';
import { failed, measured, median, notMeasured } from './metricValues';
import { errorLine, isMissingCargoCommand, pickNumber, readAudit, readImageSize } from './readings';
import { shellWord } from '../terminals/shellQuote';

export interface MeasureOptions {
  /** How many times each timed command runs; a figure is their median. */
  runs: number;
  /** Remove the profile's build output before each timed build or check, so each builds everything. */
  clean: boolean;
  /** A benchmark: its wall time, or the number `regex` picks from what it prints. */
  runtime: { command: string; regex: string | null } | null;
  /** A container image whose size `docker image inspect` reports. */
  image: string | null;
  /** The parts to take; the others' figures are recorded as not measured. */
  what: readonly MeasurePart[];
  testRunner: TestRunner;
}

export interface MeasureProgress {
  /** The command running, 1-based, of `steps`. */
  step: number;
  steps: number;
  label: string;
  /** While cargo builds: how far it has got. */
  build: BuildProgress | null;
}

export interface MeasureIo {
  /** The project folder. */
  root: string;
  run(command: string, onOutput?: (text: string) => void): Promise<FinishedRun>;
  progress(progress: MeasureProgress): void;
}

export const BUILD_COMMAND = 'cargo build --release';
export const CHECK_COMMAND = 'cargo check';
export const AUDIT_COMMAND = 'cargo audit --json';
const CLEAN_RELEASE = 'cargo clean --release';
const CLEAN_DEV = 'cargo clean --profile dev';

/** The commands a measurement runs, for its progress. */
export function commandCount(options: MeasureOptions): number {
  const timed = options.runs * (options.clean ? 2 : 1);
  const commands: Record<MeasurePart, number> = {
    build: timed,
    check: timed,
    tests: 1,
    audit: 1,
    image: options.image ? 1 : 0,
    runtime: options.runtime ? options.runs : 0,
  };
  return options.what.reduce((sum, part) => sum + commands[part], 0);
}

class Stopped extends Error {}

export async function takeMeasurement(io: MeasureIo, options: MeasureOptions): Promise<{ metrics: MetricValue[]; tests: TestBinaryCounts[] }> {
  const steps = commandCount(options);
  let step = 0;
  /** `onOutput` reads the whole output as it streams: a run's `output` keeps only its head and tail. */
  const run = async (command: string, label = command, cargoBuild = false, onOutput?: (text: string) => void): Promise<FinishedRun> => {
    step += 1;
    const progress = cargoBuild ? new CargoProgress() : null;
    const report = (): void => io.progress({ step, steps, label, build: progress?.progress ?? null });
    report();
    const read = (text: string): void => {
      onOutput?.(text);
      if (progress?.push(text)) report();
    };
    const finished = await io.run(command, progress || onOutput ? read : undefined);
    if (finished.run.exitCode === null) throw new Stopped(`the terminal closed during \`${command}\``);
    if (finished.run.exitCode === 130) throw new Stopped(`stopped with Ctrl+C during \`${command}\``);
    return finished;
  };

  const timed = async (metric: MetricName, command: string, clean: string): Promise<MetricValue> => {
    const samples: number[] = [];
    for (let i = 1; i <= options.runs; i++) {
      const of = options.runs > 1 ? ` (${i} of ${options.runs})` : '';
      if (options.clean) {
        const cleaned = await run(clean, `${clean}${of}`);
        if (cleaned.run.exitCode !== 0) return failed(metric, exitText(clean, cleaned));
      }
      const done = await run(command, `${command}${of}`, true);
      if (done.run.exitCode !== 0) return failed(metric, exitText(command, done));
      samples.push(done.run.durationMs ?? 0);
    }
    return measured(metric, median(samples), { samples });
  };

  const results = new Map<MetricName, MetricValue>();
  let tests: TestBinaryCounts[] = [];
  const phases: [MeasurePart, MetricName[], () => Promise<void>][] = [
    ['build', ['build_time_ms'], async () => void results.set('build_time_ms', await timed('build_time_ms', BUILD_COMMAND, CLEAN_RELEASE))],
    ['build', ['artifact_bytes'], async () => void results.set('artifact_bytes', await artifactSizes(io.root, results.get('build_time_ms')))],
    ['check', ['check_time_ms'], async () => void results.set('check_time_ms', await timed('check_time_ms', CHECK_COMMAND, CLEAN_DEV))],
    ['tests', ['tests_passed', 'tests_failed', 'tests_ignored'], async () => {
      const command = TEST_RUNNERS[options.testRunner];
      const counter = new TestBinaryCounter();
      const done = await run(command, command, false, (text) => counter.push(text));
      tests = counter.end();
      for (const metric of testMetrics(tests, command, done)) results.set(metric.name, metric);
    }],
    ['audit', ['audit_vulnerabilities', 'audit_warnings'], async () => {
      const done = await run(AUDIT_COMMAND);
      for (const metric of readAudit(done.output, done.run.exitCode)) results.set(metric.name, metric);
    }],
    ['image', ['image_bytes'], async () => {
      if (!options.image) return void results.set('image_bytes', notMeasured('image_bytes', 'no container image was named'));
      const done = await run(`docker image inspect --format '{{.Size}}' ${shellWord(options.image)}`);
      results.set('image_bytes', readImageSize(options.image, done.output, done.run.exitCode));
    }],
    ['runtime', ['runtime'], async () => void results.set('runtime', await runtime(options, run))],
  ];

  let stopped: string | null = null;
  const skipped = `not asked for (this measurement took ${options.what.join(', ')})`;
  for (const [part, names, phase] of phases) {
    if (!options.what.includes(part)) {
      for (const name of names) results.set(name, notMeasured(name, skipped));
      continue;
    }
    if (!stopped) {
      try {
        await phase();
      } catch (error) {
        // Ctrl+C, a closed terminal, or a terminal the user was typing in: the rest is not measured.
        stopped = error instanceof Stopped ? error.message : `could not run the next command: ${(error as Error).message}`;
      }
    }
    for (const name of names) if (!results.has(name)) results.set(name, notMeasured(name, stopped ?? 'not measured'));
  }
  return { metrics: [...results.values()], tests };
}

function exitText(command: string, done: FinishedRun): string {
  const firstError = done.diagnostics.find((d) => d.severity === 'error')?.message ?? errorLine(done.output);
  return `\`${command}\` exited with ${done.run.exitCode}${firstError ? `: ${firstError}` : ''}`;
}

async function artifactSizes(root: string, build: MetricValue | undefined): Promise<MetricValue> {
  if (build?.status !== 'measured') return notMeasured('artifact_bytes', 'the release build did not finish');
  try {
    const artifacts = await releaseArtifacts(await readWorkspaceTargets(root));
    if (artifacts.length === 0) return notMeasured('artifact_bytes', "no release artifact of the workspace's own crates in the target directory");
    const total = artifacts.reduce((sum, a) => sum + a.bytes, 0);
    return measured('artifact_bytes', total, { parts: artifacts.map((a) => ({ label: a.path, value: a.bytes })) });
  } catch (error) {
    return notMeasured('artifact_bytes', (error as Error).message);
  }
}

function testMetrics(tests: TestBinaryCounts[], command: string, done: FinishedRun): MetricValue[] {
  const names = ['tests_passed', 'tests_failed', 'tests_ignored'] as const;
  if (tests.length === 0 && done.run.exitCode !== 0) {
    if (isMissingCargoCommand(done.output, 'nextest')) return names.map((name) => notMeasured(name, 'cargo-nextest is not installed (cargo install cargo-nextest)'));
    // Nothing ran: the tests did not compile, or cargo stopped before them.
    return names.map((name) => failed(name, exitText(command, done)));
  }
  const sum = (pick: (t: TestBinaryCounts) => number): number => tests.reduce((total, t) => total + pick(t), 0);
  return [
    measured('tests_passed', sum((t) => t.passed)),
    measured('tests_failed', sum((t) => t.failed)),
    measured('tests_ignored', sum((t) => t.ignored)),
  ];
}

async function runtime(options: MeasureOptions, run: (command: string, label?: string) => Promise<FinishedRun>): Promise<MetricValue> {
  const spec = options.runtime;
  if (!spec) return notMeasured('runtime', 'no runtime command was given');
  const samples: number[] = [];
  let unit: string = METRIC_UNITS.runtime;
  for (let i = 1; i <= options.runs; i++) {
    const done = await run(spec.command, options.runs > 1 ? `${spec.command} (${i} of ${options.runs})` : spec.command);
    if (done.run.exitCode !== 0) return failed('runtime', exitText(spec.command, done));
    if (spec.regex === null) {
      samples.push(done.run.durationMs ?? 0);
      continue;
    }
    const picked = pickNumber(done.output, spec.regex);
    if (typeof picked === 'string') return failed('runtime', picked, '');
    samples.push(picked.value);
    unit = picked.unit;
  }
  return measured('runtime', median(samples), { samples, unit });
}
