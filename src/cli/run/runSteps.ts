// Runs the chosen steps in plan order through the engine's contract, as the
// app's buttons would: commands in the session's terminal, edits previewed and
// applied (after a snapshot), snapshot steps taken, manual steps left to a person.
import { EngineError, type EngineClient } from '../../shared/client';
import type { JournalProblem, WaitingRun } from '../../shared/contract';
import { noChangeWords } from '../../shared/stepState';
import { formatDuration } from '../../shared/format';
import type { PlanStep, RunRecord } from '../../shared/model';
import { formatIssues, notRun, wentWrong, type StepOutcome } from './outcomes';
import { runMigrateStep } from './migrateStep';
import type { Printer } from './printer';
import type { SessionTerminal } from './sessionTerminal';

export type ManualMode = 'stop' | 'skip';

export interface StepRunContext {
  client: EngineClient;
  sessionId: number;
  terminal: SessionTerminal;
  printer: Printer;
  /** Set by Ctrl-C / SIGTERM: no further step starts. */
  stop: { requested: boolean };
  keepGoing: boolean;
  manual: ManualMode;
  /** --yes: run again a step that already ran even when that repeats what it changed. */
  confirmRerun: boolean;
}

export async function runSteps(ctx: StepRunContext, steps: PlanStep[]): Promise<StepOutcome[]> {
  const { client, printer } = ctx;
  const runs = new FinishedRuns(client);
  const offSnapshot = client.on('snapshot.taken', (s) => printer.line(`Snapshot ${s.id} (${s.store} ${s.storeId}, ${s.fileCount} files): ${s.label}`));
  const outcomes: StepOutcome[] = [];
  let halted = false;
  try {
    for (const [index, step] of steps.entries()) {
      // No step starts while the journal cannot be written: the engine would refuse it, and the run says why once.
      if (halted || ctx.stop.requested || runs.journalProblem) {
        outcomes.push(notRun(step));
        continue;
      }
      printer.line(printer.bold(`==> [${index + 1}/${steps.length}] ${step.id}: ${step.title} (${step.kind})`));
      const outcome = await runStep(ctx, runs, step);
      outcomes.push(outcome);
      printer.line(printer.bold(`<== ${step.id}: ${describe(outcome)}`));
      if (outcome.status === 'needs you' || (wentWrong(outcome) && !ctx.keepGoing)) halted = true;
    }
  } finally {
    offSnapshot();
    runs.dispose();
  }
  return outcomes;
}

async function runStep(ctx: StepRunContext, runs: FinishedRuns, step: PlanStep): Promise<StepOutcome> {
  const started = Date.now();
  try {
    switch (step.kind) {
      case 'command':
      case 'check':
      case 'toolchain':
        return await runCommand(ctx, runs, step);
      case 'edit':
        return { ...(await applyEdit(ctx, step)), durationMs: Date.now() - started };
      case 'snapshot':
        await ctx.client.request('step.snapshot', { sessionId: ctx.sessionId, stepId: step.id });
        return { ...outcome(step, 'passed'), durationMs: Date.now() - started };
      case 'manual':
        return await manualStep(ctx, step);
      case 'migrate':
        return { ...outcome(step, 'passed'), ...(await runMigrateStep(ctx, step)), durationMs: Date.now() - started };
    }
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (ctx.stop.requested) return { ...notRun(step), note: 'stopped before its command started' };
    ctx.printer.line(`error: ${error.message}`);
    return { ...outcome(step, 'error'), durationMs: Date.now() - started, note: error.message };
  }
}

async function runCommand(ctx: StepRunContext, runs: FinishedRuns, step: PlanStep): Promise<StepOutcome> {
  const { client, sessionId } = ctx;
  const terminalId = await ctx.terminal.id();
  if (ctx.stop.requested) return notRun(step);
  const started = await client.request('step.run', { sessionId, stepId: step.id, terminalId, confirmRerun: ctx.confirmRerun }).catch((error: unknown) => {
    if (error instanceof EngineError && error.code === 'rerun-needs-confirm') return { refused: error.message };
    throw error;
  });
  if ('refused' in started) {
    ctx.printer.line(`Not run again: ${started.refused}`);
    return { ...notRun(step), note: 'already ran; running it again repeats what it changed (--yes runs it)' };
  }
  if ('alreadyDone' in started) {
    ctx.printer.line(started.alreadyDone);
    return { ...outcome(step, 'passed'), note: started.alreadyDone };
  }
  const ended = await runs.wait(started.runId);
  if ('unjournaled' in ended) {
    ctx.printer.line(`error: ${ended.problem.message}`);
    const exit = ended.unjournaled.exitCode === null ? 'with no exit code' : `with exit ${ended.unjournaled.exitCode}`;
    return { ...outcome(step, 'error'), exitCode: ended.unjournaled.exitCode, note: `it ended ${exit}, but the journal could not record it` };
  }
  const { run } = ended;
  return {
    step,
    status: run.status,
    exitCode: run.exitCode,
    durationMs: run.durationMs,
    issues: await client.request('run.issueCounts', { runId: run.id }),
    note: commandNote(step, run),
  };
}

function commandNote(step: PlanStep, run: RunRecord): string | null {
  if (run.status === 'interrupted') return 'stopped while running';
  if (run.status === 'stopped') return `stopped with Ctrl+C (exit ${run.exitCode})`;
  if (run.status === 'failed' && run.exitCode === step.expectExit) return 'its output did not match expectOutput';
  if (run.status === 'failed' && step.expectExit !== 0) return `expected exit ${step.expectExit}`;
  return null;
}

async function applyEdit(ctx: StepRunContext, step: PlanStep): Promise<StepOutcome> {
  const { client, sessionId, printer } = ctx;
  const preview = await client.request('step.preview', { sessionId, stepId: step.id });
  if (preview.files.length === 0) printer.line(`No change needed. ${noChangeWords(preview)}.`);
  for (const file of preview.files) printer.line(file.diff.replace(/\n$/, ''));
  const { edits, step: state } = await client.request('step.apply', { sessionId, stepId: step.id, digest: preview.digest });
  const files = edits.length === 1 ? '1 file changed' : `${edits.length} files changed`;
  return { ...outcome(step, 'passed'), note: edits.length ? files : state.note };
}

async function manualStep(ctx: StepRunContext, step: PlanStep): Promise<StepOutcome> {
  const { client, sessionId, printer } = ctx;
  const state = (await client.request('session.view', { sessionId })).steps.find((s) => s.stepId === step.id);
  if (state?.status === 'passed' || state?.status === 'skipped') {
    printer.line(`A manual step, already ${state.status === 'passed' ? 'marked done' : 'skipped'}.`);
    return { ...outcome(step, state.status), note: 'manual step, earlier' };
  }
  if (step.description) printer.line(step.description.trim());
  for (const item of step.checklist) printer.line(`  [ ] ${item}`);
  for (const snippet of step.snippets) printer.line(`  (${snippet.lang || 'text'} snippet)\n${snippet.text.replace(/^/gm, '    ')}`);
  if (ctx.manual === 'skip') {
    await client.request('step.mark', { sessionId, stepId: step.id, status: 'skipped' });
    return { ...outcome(step, 'skipped'), note: 'manual step skipped (--manual skip)' };
  }
  printer.line(`Stopped: "${step.id}" needs a person. Do its checklist, mark it done in the app (or pass --manual skip), then run again.`);
  return { ...outcome(step, 'needs you'), note: 'manual step' };
}

function outcome(step: PlanStep, status: StepOutcome['status']): StepOutcome {
  return { step, status, exitCode: null, durationMs: null, issues: null, note: null };
}

function describe(o: StepOutcome): string {
  const parts = [
    o.status,
    o.exitCode !== null && `exit ${o.exitCode}`,
    o.durationMs !== null && formatDuration(o.durationMs),
    o.issues && `issues: ${formatIssues(o.issues)}`,
    o.note,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** A run that ended: journaled, or held by an engine whose journal cannot be written (the disk is full). */
type RunEnded = { run: RunRecord } | { unjournaled: WaitingRun; problem: JournalProblem };

/**
 * Runs that ended, by id: journaled (`run.finished`; a fast command can end
 * before `step.run` answers), or listed by `engine.health` as waiting for a
 * journal that cannot be written, so that a full disk never leaves this
 * waiting for an event that will not come.
 */
class FinishedRuns {
  private readonly done = new Map<number, RunEnded>();
  private readonly waiting = new Map<number, (ended: RunEnded) => void>();
  private readonly offs: (() => void)[];
  /** Set while the engine says the journal cannot be written. */
  journalProblem: JournalProblem | null = null;

  constructor(client: EngineClient) {
    this.offs = [
      client.on('run.finished', (run) => this.ended(run.id, { run })),
      client.on('engine.health', ({ journal }) => {
        this.journalProblem = journal;
        for (const unjournaled of journal?.waitingRuns ?? []) {
          if (unjournaled.runId !== null) this.ended(unjournaled.runId, { unjournaled, problem: journal! });
        }
      }),
    ];
  }

  wait(runId: number): Promise<RunEnded> {
    const ended = this.done.get(runId);
    if (ended) return Promise.resolve(ended);
    return new Promise((resolve) => this.waiting.set(runId, resolve));
  }

  dispose(): void {
    for (const off of this.offs) off();
  }

  private ended(runId: number, ended: RunEnded): void {
    const resolve = this.waiting.get(runId);
    if (resolve) {
      this.waiting.delete(runId);
      resolve(ended);
    } else if (!this.done.has(runId)) {
      this.done.set(runId, ended);
    }
  }
}
