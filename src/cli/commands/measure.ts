// `stepwise measure --project DIR`: takes a measurement headless, with the
// app's engine and journal (the same service as the Metrics page), in a real
// terminal whose output streams here; then prints the figures and the gates.
// What a scripted session or a CI job uses.
import { parseArgs } from 'node:util';
import { EngineError } from '../../shared/client';
import { requestParams, type JournalProblem, type MeasurementProgress, type RequestParams } from '../../shared/contract';
import { MEASURE_PART_NAMES, TEST_RUNNERS, type MeasurePart, type TestRunner } from '../../shared/measurements';
import type { GateResult, MeasurementKind, MeasurementRecord } from '../../shared/model';
import { CliError } from '../cliError';
import { wholeNumber } from '../params';
import { measurementReport } from '../measure/report';
import { openCliEngine } from '../openEngine';
import { projectFolder } from '../projectFolder';
import { inProcessClient } from '../run/inProcessClient';
import { Printer } from '../run/printer';
import { SessionTerminal, terminalSize } from '../run/sessionTerminal';
import { stopOnSignals } from '../run/stopSignals';
import { streamTerminal } from '../run/terminalStream';

export const MEASURE_USAGE = `Usage: stepwise measure --project DIR [options]

Takes a measurement of the project, as the app's Metrics page does, in the
project's latest session (a new one if it has none): each command runs in a real
terminal (your login shell) with its output streamed here, and is journaled.
Then the figures, the tests per binary and the plan's gates are printed, with
each test or lint the after relaxed (file:line, and the step that did it).

  --project DIR          the project folder (required)
  --kind KIND            baseline, after or adhoc (default adhoc); the gates
                         judge the latest baseline against the latest after
  --what LIST            the parts to take, comma-separated (default all):
                         ${MEASURE_PART_NAMES.join(',')}
  --test-runner R        cargo (cargo test, default) or nextest (cargo nextest run)
  --label TEXT           the measurement's name (default: its kind)
  --runs N               run each timed command N times, the figure is the median (default 5: fewer give no spread to tell noise by)
  --clean                build everything each time (cargo clean before each timed run)
  --runtime CMD          a benchmark command: its wall time, or what --runtime-regex picks
  --runtime-regex RE     the number CMD prints (group "value" or 1; unit: group "unit" or 2)
  --image NAME           a container image to size with docker image inspect
  --json                 print the measurement and the gates as JSON (the terminal goes to stderr)

The app or \`stepwise serve\` must not be using the same data directory ($STEPWISE_HOME).

Exit codes: 0 measured; 1 a command it ran failed (the build broke), or an
"after" failed a gate; 2 nothing measured (bad arguments, data directory in use);
130 stopped by Ctrl-C or SIGTERM (what was not reached is journaled as not measured).`;

const EXIT = { ok: 0, failed: 1, interrupted: 130 } as const;
const KINDS: readonly MeasurementKind[] = ['baseline', 'after', 'adhoc'];

type MeasureParams = Omit<RequestParams<'metrics.measure'>, 'sessionId' | 'terminalId'>;

export async function measureCommand(args: string[]): Promise<number> {
  const options = parseMeasureArgs(args);
  if (!options) {
    console.log(MEASURE_USAGE);
    return 0;
  }
  // Before the engine opens: bad input must not make the data directory, nor a project or session in it.
  const folder = await projectFolder(options.project);
  const { engine } = openCliEngine('cli', 'cannot measure');
  const { client, close } = inProcessClient(engine);
  // With --json, stdout is the JSON alone.
  const printer = new Printer(options.json ? process.stderr : process.stdout);
  const stopStream = streamTerminal(client, printer);
  let terminal: SessionTerminal | null = null;
  const { stop, off: offSignals } = stopOnSignals(printer, () => terminal);
  const finished = new Map<number, { measurement: MeasurementRecord; gates: GateResult[] }>();
  const waiting = new Map<number, () => void>();
  // A measurement ends by being journaled: while the journal cannot be written (a full disk), it never does.
  let journalProblem: JournalProblem | null = null;
  const offHealth = client.on('engine.health', ({ journal }) => {
    journalProblem = journal;
    for (const wake of waiting.values()) wake();
  });
  const offChanged = client.on('metrics.changed', (event) => {
    const { measurement } = event;
    // Started: said before the first command's progress line.
    if (measurement.endedAt === null) return printer.line(`Measurement ${measurement.id} (${measurement.kind}) under ${measurement.toolchain}`);
    finished.set(event.measurement.id, event);
    waiting.get(event.measurement.id)?.();
  });
  const offProgress = client.on('metrics.progress', progressPrinter(printer));
  try {
    const view = await request(() => client.request('project.open', { path: folder, newSession: false }), '--project');
    printer.line(`Session ${view.session.id} · ${view.plan.title} · ${view.project.path}`);
    if (stop.requested) return EXIT.interrupted;
    terminal = new SessionTerminal(client, view.session.id, terminalSize(options.json ? process.stderr : process.stdout));
    const terminalId = await terminal.id();
    const started = await request(() => client.request('metrics.measure', { ...options.params, sessionId: view.session.id, terminalId }), 'cannot measure').catch(
      (error: unknown) => {
        // Stopped while `rustc -V` ran: no measurement was begun.
        if (stop.requested) return null;
        throw error;
      },
    );
    if (!started) return EXIT.interrupted;
    const result = await new Promise<{ measurement: MeasurementRecord; gates: GateResult[] } | null>((done) => {
      const check = (): void => {
        const ended = finished.get(started.id);
        if (ended || journalProblem) done(ended ?? null);
      };
      waiting.set(started.id, check);
      check();
    });
    await terminal.close();
    if (!result) throw new CliError(`measurement ${started.id} could not be journaled: ${journalProblem!.message}`, EXIT.failed);
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      printer.line();
      printer.line(measurementReport(result.measurement, result.gates));
      printer.line(`Journal: ${engine.journal.file} (session ${view.session.id}, measurement ${started.id}).`);
    }
    return exitCode(result.measurement, result.gates, stop.requested);
  } finally {
    offSignals();
    offChanged();
    offHealth();
    offProgress();
    terminal?.dispose();
    stopStream();
    close();
    await engine.shutdown();
  }
}

function exitCode(measurement: MeasurementRecord, gates: GateResult[], stopped: boolean): number {
  if (stopped) return EXIT.interrupted;
  if (measurement.metrics.some((m) => m.status === 'failed')) return EXIT.failed;
  if (measurement.kind === 'after' && gates.some((g) => g.verdict === 'fail')) return EXIT.failed;
  return EXIT.ok;
}

/** A request the engine refused for bad input is a usage error (exit 2), said with what was wrong. */
async function request<T>(send: () => Promise<T>, what: string): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof EngineError && ['invalid-params', 'not-found', 'busy'].includes(error.code)) throw new CliError(`${what}: ${error.message}`);
    throw error;
  }
}

/** One line per command the measurement runs: `[2/6] cargo check`. */
function progressPrinter(printer: Printer): (progress: MeasurementProgress) => void {
  let step = 0;
  return (progress) => {
    if (progress.step === step) return;
    step = progress.step;
    printer.line(printer.bold(`[${progress.step}/${progress.steps}] ${progress.label}`));
  };
}

interface MeasureArgs {
  project: string;
  json: boolean;
  params: MeasureParams;
}

function parseMeasureArgs(args: string[]): MeasureArgs | null {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        project: { type: 'string' },
        kind: { type: 'string', default: 'adhoc' },
        what: { type: 'string' },
        label: { type: 'string' },
        'test-runner': { type: 'string', default: 'cargo' },
        runs: { type: 'string' },
        clean: { type: 'boolean', default: false },
        runtime: { type: 'string' },
        'runtime-regex': { type: 'string' },
        image: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${MEASURE_USAGE}`);
  }
  if (values.help) return null;
  if (!values.project) throw new CliError(`measure needs --project DIR\n\n${MEASURE_USAGE}`);
  const kind = values.kind as MeasurementKind;
  if (!KINDS.includes(kind)) throw new CliError(`--kind must be ${KINDS.join(', ')}, not "${values.kind}"`);
  const runs = values.runs === undefined ? undefined : wholeNumber(values.runs, '--runs', 1, 20);
  if (values['runtime-regex'] !== undefined && values.runtime === undefined) throw new CliError('--runtime-regex needs --runtime CMD');
  const testRunner = values['test-runner'] as TestRunner;
  if (!(testRunner in TEST_RUNNERS)) throw new CliError(`--test-runner must be ${Object.keys(TEST_RUNNERS).join(' or ')}, not "${testRunner}"`);
  const params: MeasureParams = {
    kind,
    label: values.label,
    runs,
    clean: values.clean,
    testRunner,
    runtime: values.runtime === undefined ? null : { command: values.runtime, regex: values['runtime-regex'] ?? null },
    image: values.image ?? null,
    what: values.what === undefined ? undefined : parseParts(values.what),
  };
  checkAsTheEngineWould(params, values);
  return { project: values.project, json: values.json, params };
}

/** The option each measurement parameter comes from, for saying which one the engine would refuse. */
const OPTION_OF: Record<string, string> = { label: 'label', 'runtime.command': 'runtime', 'runtime.regex': 'runtime-regex', image: 'image' };

/** The engine's own check of the parameters (the contract), made before the engine opens. */
function checkAsTheEngineWould(params: MeasureParams, values: Record<string, unknown>): void {
  const parsed = requestParams['metrics.measure'].omit({ sessionId: true, terminalId: true }).safeParse(params);
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  const option = OPTION_OF[issue.path.join('.')];
  if (!option) throw new CliError(`${issue.path.join('.') || 'the measurement'}: ${issue.message}`);
  throw new CliError(`--${option} ${JSON.stringify(values[option])}: ${issue.message}`);
}

function parseParts(list: string): MeasurePart[] {
  const parts = list.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = parts.filter((p) => !(MEASURE_PART_NAMES as readonly string[]).includes(p));
  if (unknown.length) throw new CliError(`--what: no part ${unknown.map((p) => `"${p}"`).join(', ')} (the parts: ${MEASURE_PART_NAMES.join(', ')})`);
  if (parts.length === 0) throw new CliError(`--what needs at least one part: ${MEASURE_PART_NAMES.join(', ')}`);
  return [...new Set(parts)] as MeasurePart[];
}
