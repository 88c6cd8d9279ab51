// `stepwise run <plan> --project DIR`: runs a plan's steps headless, with the
// app's engine and journal, in a real terminal whose output streams to stdout,
// and ends with a table of the steps' outcomes. What CI and scripts use.
import type { Plan, PlanStep, SessionView } from '../../shared/model';
import { CliError } from '../cliError';
import { parseCommandArgs, wholeNumber } from '../params';
import { openCliEngine } from '../openEngine';
import { inProcessClient } from '../run/inProcessClient';
import { openSession } from '../run/openSession';
import { EXIT, exitCode, outcomeTable, summaryLine } from '../run/outcomes';
import { resolvePlanArg } from '../run/planArg';
import { Printer } from '../run/printer';
import { runSteps, type ManualMode } from '../run/runSteps';
import { SessionTerminal, terminalSize } from '../run/sessionTerminal';
import { stopOnSignals } from '../run/stopSignals';
import { streamTerminal } from '../run/terminalStream';

export const RUN_USAGE = `Usage: stepwise run <plan> --project DIR [options]

Runs a plan's steps headless, with the app's engine and journal: each command in
a real terminal (your login shell, as in the app) with its output streamed here,
then a table of the steps' outcomes. <plan> is a built-in plan's id
(rust-wasmtime-upgrade) or a plan file (.yaml/.yml, or a Markdown plan to import).

  --project DIR        the project folder (required)
  --steps ID,ID        run these steps, in plan order; default: every step from the
                       first one that has not passed (or been skipped)
  --param NAME=VALUE   a plan parameter, repeatable (e.g. --param to_rust=1.86),
                       checked against its type before anything runs
  --yes                trust a plan from a file without asking (review its commands
                       first), and run again a picked step that already ran whose
                       rerun repeats what it changed (without it, such a step is
                       not run again, and the run says why)
  --session ID         continue this session; default: the project's latest session
                       of the same plan (a changed plan file starts a new one)
  --new-session        start a new session
  --keep-going         go on after a step fails (the exit code is still 1)
  --manual stop|skip   at a manual step, print its checklist and stop (default: CI
                       cannot tick a checklist, so the run says what needs a person),
                       or journal it as skipped and go on

Edit steps print their diff and apply it after a snapshot; snapshot steps take one.
Commands get no input from here. A plan from a file runs nothing until it is
trusted: on a terminal its commands and edits are listed and you are asked;
without a terminal, pass --yes after reviewing them. The app or \`stepwise serve\`
must not be using the same data directory ($STEPWISE_HOME).

Exit codes: 0 every step passed (or was skipped); 1 a step failed; 2 nothing ran
(bad arguments or plan, plan not trusted, data directory in use); 3 stopped at a
manual step; 130 stopped by Ctrl-C or SIGTERM (the running command and its
terminal are ended, and the run is journaled as interrupted).`;

interface RunArgs {
  plan: string;
  project: string;
  steps: string[] | null;
  params: string[];
  yes: boolean;
  sessionId?: number;
  newSession: boolean;
  keepGoing: boolean;
  manual: ManualMode;
}

export async function runCommand(args: string[]): Promise<number> {
  const options = parseRunArgs(args);
  if (!options) {
    console.log(RUN_USAGE);
    return 0;
  }
  const { engine } = openCliEngine('cli', 'cannot run');
  const { client, close } = inProcessClient(engine);
  const printer = new Printer();
  const stopStream = streamTerminal(client, printer);
  let terminal: SessionTerminal | null = null;
  const { stop, off: offSignals } = stopOnSignals(printer, () => terminal);
  try {
    const plan = await resolvePlanArg(options.plan, client);
    if (options.steps) checkStepIds(plan.plan, options.steps);
    const { view, resumed } = await openSession(client, engine.journal, { ...options, plan });
    if (stop.requested) return EXIT.interrupted;
    const steps = chooseSteps(view, options.steps);
    printer.line(`Session ${view.session.id} (${resumed ? 'continued' : 'new'}) · ${view.plan.title} · ${view.project.path}`);
    const notApplicable = view.plan.phases.flatMap((p) => p.steps).filter((s) => s.applies === false && (!options.steps || options.steps.includes(s.id)));
    if (notApplicable.length) printer.line(`Not applicable to this project (\`stepwise plan show\` says why): ${notApplicable.map((s) => s.id).join(', ')}`);
    if (steps.length === 0) {
      printer.line('Every step has passed or been skipped: nothing to run (pick some with --steps).');
      return EXIT.ok;
    }
    terminal = new SessionTerminal(client, view.session.id, terminalSize());
    const outcomes = await runSteps(
      { client, sessionId: view.session.id, terminal, printer, stop, keepGoing: options.keepGoing, manual: options.manual, confirmRerun: options.yes },
      steps,
    );
    // Closed before the table: a run it cuts short is journaled (interrupted) first.
    await terminal.close();
    printer.line();
    printer.line(outcomeTable(outcomes));
    printer.line(`${summaryLine(outcomes)} Journal: ${engine.journal.file} (session ${view.session.id}).`);
    return exitCode(outcomes, stop.requested);
  } finally {
    offSignals();
    terminal?.dispose();
    stopStream();
    close();
    await engine.shutdown();
  }
}

function parseRunArgs(args: string[]): RunArgs | null {
  const parsed = parseCommandArgs(
    {
      args,
      options: {
        project: { type: 'string' },
        steps: { type: 'string' },
        param: { type: 'string', multiple: true },
        yes: { type: 'boolean', short: 'y', default: false },
        session: { type: 'string' },
        'new-session': { type: 'boolean', default: false },
        'keep-going': { type: 'boolean', default: false },
        manual: { type: 'string', default: 'stop' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    },
    RUN_USAGE,
  );
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length !== 1) throw new CliError(`run needs exactly one plan (a built-in plan's id or a plan file)\n\n${RUN_USAGE}`);
  if (!values.project) throw new CliError(`run needs --project DIR\n\n${RUN_USAGE}`);
  if (values.manual !== 'stop' && values.manual !== 'skip') throw new CliError(`--manual must be stop or skip, not "${values.manual}"`);
  if (values.session !== undefined && values['new-session']) throw new CliError('--session and --new-session cannot be used together');
  const sessionId = values.session === undefined ? undefined : wholeNumber(values.session, '--session');
  const steps = values.steps === undefined ? null : values.steps.split(',').map((s) => s.trim()).filter(Boolean);
  if (steps?.length === 0) throw new CliError('--steps needs at least one step id');
  return {
    plan: positionals[0]!,
    project: values.project,
    steps,
    params: values.param ?? [],
    yes: values.yes,
    sessionId,
    newSession: values['new-session'],
    keepGoing: values['keep-going'],
    manual: values.manual,
  };
}

/** Before any session is made: every `--steps` id must be the plan's. */
function checkStepIds(plan: Plan, wanted: string[]): void {
  const all = plan.phases.flatMap((p) => p.steps);
  const unknown = wanted.filter((id) => !all.some((s) => s.id === id));
  if (unknown.length) throw new CliError(`the plan has no step ${unknown.map((id) => `"${id}"`).join(', ')} (its steps: ${all.map((s) => s.id).join(', ')})`);
}

/** `--steps` in plan order, or every step from the first one not passed or skipped. */
/** The steps to run: those asked for, else from the first not done on; never one the plan, fitted to the project, does not apply. */
function chooseSteps(view: SessionView, wanted: string[] | null): PlanStep[] {
  const all = view.plan.phases.flatMap((p) => p.steps).filter((s) => s.applies !== false);
  if (wanted) return all.filter((s) => wanted.includes(s.id));
  const status = new Map(view.steps.map((s) => [s.stepId, s.status]));
  const first = all.findIndex((s) => status.get(s.id) !== 'passed' && status.get(s.id) !== 'skipped');
  return first === -1 ? [] : all.slice(first);
}
