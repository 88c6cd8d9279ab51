// Journals what a terminal runs: the run when it starts (with the project
// tree it started on), and at its end the output, the step's outcome and the
// issues, followed across runs. Resolved issues get the diff that fixed them.
// The start tree is captured as snapshots capture the work tree (same private
// index, same size limit). A command typed by the user is already running
// when the shell reports it, so its capture runs beside it; one the engine
// types (a step, a measurement) is captured first, so a command that edits
// files (`cargo fix`) cannot leak its edits into the tree it started on.
// A step's run also gets the tree it ended on (for stepwise ship).
// While the journal cannot be written (journalHealth.ts), runs are held in
// memory (heldRuns.ts) and journaled, in order, before writing resumes.
import type { Diagnostic, IssueRecord, RunOutputSizes, RunRecord } from '../../shared/model';
import { trackRunIssues } from '../issues/tracker';
import { BackgroundWork } from '../platform/async/backgroundWork';
import type { Journal } from '../journal/journal';
import { captureWorkTree, diffTrees } from '../snapshots/gitSnapshots';
import { commitThenEmit, type EventBus } from '../engine/eventBus';
import { HeldRuns, type RunStart } from './heldRuns';
import { JournalUnwritableError, type JournalHealth } from '../engine/journalHealth';
import type { StepTransitions } from '../steps/stepTransitions';

export interface RunRecorderDeps {
  journal: Journal;
  bus: EventBus;
  /** Adds what the knowledge base knows about an issue. */
  explain: (issue: IssueRecord) => IssueRecord;
  /** Told of every finished run's project: its command may have changed the user's git index (commit, checkout, add). */
  afterRun?: (root: string) => void;
  health: JournalHealth;
  /** A step's run moves its step: running as it starts, its outcome as it ends. */
  steps: StepTransitions;
}

/** A run the recorder follows: `run` once journaled, null while its start could not be (it is held). */
export interface StartedRun {
  run: RunRecord | null;
  start: RunStart;
  tree: Promise<string | null>;
}

export interface RunEnd {
  exitCode: number | null;
  endedAt: Date;
  /** What is kept of the output (its head and tail), and how much that is of it. */
  output: string;
  outputSizes?: RunOutputSizes;
  passed: boolean;
  /** The user pressed Ctrl+C in the terminal while it ran: ending without passing, it was stopped, not failed. */
  stoppedByUser?: boolean;
  diagnostics: Diagnostic[];
}

export class RunRecorder {
  /** Tree captures under way, by run id (a finished one is in the journal). */
  private readonly trees = new Map<number, Promise<string | null>>();
  /** End-tree captures of step runs under way, by project root (see captureEndTree). */
  private readonly endCaptures = new Map<string, Promise<void>>();
  /** Tree captures and fix diffs under way: awaited before the journal closes. */
  private readonly background = new BackgroundWork();
  /** Runs that ended while the journal could not be written. */
  private readonly held = new HeldRuns();

  constructor(private readonly deps: RunRecorderDeps) {
    deps.health.beforeResume(() => this.writeHeld());
  }

  /**
   * The tree `root` is in now, for a run about to start. Null outside a git
   * work tree or without git; on failure too (logged): that run has no fix
   * diff, and goes on all the same. Never rejects.
   */
  captureStartTree(root: string): Promise<string | null> {
    // After the end tree of the step run before it: a command typed next cannot leak into that one.
    const after = this.endCaptures.get(root) ?? Promise.resolve();
    return this.capture(root, 'the tree a run started on', after);
  }

  /** The work tree as a git tree once `after` settles; null on failure (logged). Never rejects. */
  private capture(root: string, what: string, after: Promise<unknown> = Promise.resolve()): Promise<string | null> {
    const tree = after
      .then(() => captureWorkTree(root, this.background.signal))
      .catch((error: Error) => {
        if (!this.background.signal.aborted) console.error(`[stepwise] could not record ${what} in ${root}: ${error.message}`);
        return null;
      });
    this.background.track(tree);
    return tree;
  }

  /**
   * A step's run: the tree it ended on too, so that what the user changes by
   * hand afterwards is told from the step's change (stepwise ship). The next
   * run's start tree is captured after it.
   */
  private captureEndTree(run: RunRecord, root: string): void {
    const saved = this.capture(root, `the tree run ${run.id} ended on`).then((hash) => {
      if (hash) this.saveTree(run.id, hash, 'end');
    });
    this.endCaptures.set(root, saved);
    this.background.track(
      saved.finally(() => {
        if (this.endCaptures.get(root) === saved) this.endCaptures.delete(root);
      }),
    );
  }

  /**
   * Journals a run; `startTree` is its tree captured before it started, or
   * null to capture it now, beside the run. While the journal cannot be
   * written the run is not journaled (`run` null): its end holds it.
   */
  start(start: RunStart, startTree: Promise<string | null> | null = null): StartedRun {
    const tree = startTree ?? this.captureStartTree(start.root);
    let run: RunRecord | null = null;
    if (this.held.size === 0 && this.deps.health.writable) {
      try {
        run = this.journalStart(start, tree);
      } catch (error) {
        if (!(error instanceof JournalUnwritableError)) throw error;
      }
    }
    return { run, start, tree };
  }

  /** Journals what a running command has printed so far (its kept head and tail); nothing while the journal cannot be written. */
  saveOutput(runId: number, output: { text: string } & RunOutputSizes): void {
    if (!this.deps.health.writable) return;
    const { text, ...sizes } = output;
    this.deps.journal.runs.saveOutput(runId, text, sizes);
  }

  /**
   * Journals a run's end, its issues and its step's outcome. While the
   * journal cannot be written it is held instead (null), and journaled with
   * those before it once the journal can be written again.
   */
  finish(started: StartedRun, end: RunEnd): RunRecord | null {
    if (started.run && this.held.size === 0 && this.deps.health.writable) {
      try {
        return this.record(started.run.id, end, started.start.root);
      } catch (error) {
        if (!(error instanceof JournalUnwritableError)) throw error;
      }
    }
    this.held.hold({ runId: started.run?.id ?? null, start: started.start, tree: started.tree, end });
    this.deps.health.setWaiting(this.held.summaries(), this.held.lost);
    return null;
  }

  /**
   * Journals a run, and a step's run makes its step running in the same
   * transaction (a kill between the two would leave the step showing an
   * earlier run, never interrupted).
   */
  private journalStart(start: RunStart, startTree: Promise<string | null>): RunRecord {
    const { journal, bus, steps } = this.deps;
    // Its events go out once both have committed.
    const run = commitThenEmit(journal, bus, () => {
      const started = journal.runs.start(start);
      bus.emit('run.started', started);
      if (started.stepId !== null) steps.transition(started.sessionId, started.stepId, 'running', started.id);
      return started;
    });
    const tree = startTree.then((hash) => {
      if (hash) this.saveTree(run.id, hash);
      return hash;
    });
    this.trees.set(run.id, tree);
    this.background.track(tree.finally(() => this.trees.delete(run.id)));
    return run;
  }

  private saveTree(runId: number, tree: string, which: 'start' | 'end' = 'start'): void {
    try {
      if (which === 'start') this.deps.journal.runs.setTree(runId, tree);
      else this.deps.journal.runs.setEndTree(runId, tree);
    } catch (error) {
      // The journal cannot be written (said once, by its health) or is closing: that run has no fix diff (or no end for ship).
      if (!(error instanceof JournalUnwritableError)) console.error(`[stepwise] could not record the tree run ${runId} ${which === 'start' ? 'started' : 'ended'} on: ${(error as Error).message}`);
    }
  }

  /** The held runs, oldest first, before writing resumes: their starts where those could not be journaled, then their ends. */
  private writeHeld(): void {
    try {
      this.held.writeAll((held) => {
        try {
          held.runId ??= this.journalStart(held.start, held.tree).id;
          this.record(held.runId, held.end, held.start.root);
        } catch (error) {
          if (error instanceof JournalUnwritableError) throw error; // it stays held, with those after it
          console.error(`[stepwise] could not journal the held run of \`${held.start.command}\`: ${(error as Error).message}`);
        }
      });
    } finally {
      this.deps.health.setWaiting(this.held.summaries(), this.held.lost);
    }
  }

  private record(runId: number, end: RunEnd, root: string): RunRecord {
    const { journal, bus, explain } = this.deps;
    // The run's end, its issues and its step's state commit together: a kill between them would leave the step interrupted and its run passed.
    // Their events go out after that commit, in this order.
    const { run, resolved } = commitThenEmit(journal, bus, () => {
      const finished = journal.runs.finish(runId, end);
      bus.emit('run.finished', finished);
      const { changed, resolved: fixed } = trackRunIssues(journal, finished, end.diagnostics);
      if (changed.length > 0) bus.emit('issues.changed', { sessionId: finished.sessionId, issues: changed.map(explain) });
      this.endStep(finished);
      return { run: finished, resolved: fixed };
    });
    if (run.stepId !== null && run.origin === 'step') this.captureEndTree(run, root);
    for (const issue of resolved) this.background.track(this.attachFixDiff(issue, run, root));
    this.deps.afterRun?.(root);
    return run;
  }

  /** A run's end status (passed, failed, interrupted) is also its step's, unless the step was run again before this run was recorded. */
  private endStep(run: RunRecord): void {
    const { steps } = this.deps;
    if (!run.stepId) return;
    const current = steps.current(run.sessionId, run.stepId);
    if (!current || current.lastRunId === run.id) steps.transition(run.sessionId, run.stepId, run.status, run.id);
  }

  /** Waits for the run trees and fix diffs still being computed (tests, shutdown). */
  settled(): Promise<void> {
    return this.background.settled();
  }

  /** Ends the tree captures under way (their git too) and waits for them and the fix diffs; logs the runs it could not journal. */
  close(): Promise<void> {
    this.held.abandon();
    return this.background.close();
  }

  /** The change between the last run that showed the issue and the run that no longer did. */
  private async attachFixDiff(issue: IssueRecord, fixedBy: RunRecord, root: string): Promise<void> {
    const { journal, bus, explain } = this.deps;
    const treeOf = (runId: number): Promise<string | null> => this.trees.get(runId) ?? Promise.resolve(journal.runs.tree(runId));
    try {
      const [before, after] = await Promise.all([treeOf(issue.runId), treeOf(fixedBy.id)]);
      if (!before || !after) return;
      const diff = before === after ? '' : await diffTrees(root, before, after);
      const updated = journal.issues.update(issue.id, { fixDiff: diff });
      bus.emit('issues.changed', { sessionId: issue.sessionId, issues: [explain(updated)] });
    } catch {
      // The journal may be closing, or git failed: the issue stays resolved, without a diff.
    }
  }
}
