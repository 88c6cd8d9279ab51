// What the user does with a plan step: run its command in the session's
// terminal, take a snapshot step's snapshot, or mark it by hand. Every change
// to the step's state goes through StepTransitions.
import type { SnapshotRecord, StepState } from '../../shared/model';
import type { PlanStep } from '../../shared/model';
import { EngineFault } from '../engine/errors';
import type { Journal } from '../journal/journal';
import type { SnapshotService } from '../snapshots/service';
import type { TerminalManager } from '../terminals/terminalManager';
import type { RunFollower } from '../terminals/terminalHost';
import { sessionStep } from '../sessions/sessionStep';
import type { StepTransitions } from './stepTransitions';
import type { ToolchainRecorder } from './toolchainRecorder';
import { toolchainWorkDone } from '../toolchain/toolchainWork';
import type { RequestResults } from '../../shared/contract';
import { rerunNeedsConfirm } from '../../shared/stepState';

/** Step kinds whose command runs in the terminal. */
const RUNNABLE = new Set<PlanStep['kind']>(['command', 'check', 'toolchain']);

/** How long rustup may take to say whether a toolchain step's work is done. */
const RUSTUP_QUESTION_MS = 10_000;

/** The statuses a user may mark a step with. */
export type MarkStatus = Extract<StepState['status'], 'passed' | 'skipped' | 'pending'>;

export interface StepServiceDeps {
  journal: Journal;
  snapshots: SnapshotService;
  terminals: TerminalManager;
  states: StepTransitions;
  toolchains: ToolchainRecorder;
}

export class StepService {
  constructor(private readonly deps: StepServiceDeps) {}

  /** The session's step, resolved with its parameters now. */
  step(sessionId: number, stepId: string): { step: PlanStep; root: string } {
    return sessionStep(this.deps.journal, sessionId, stepId);
  }

  /**
   * Types the step's command into the session's terminal (after a snapshot,
   * for a high-risk step); resolves with its run's id. A toolchain step whose
   * work rustup says is already done types nothing: it passes, and says why.
   * A step that already ran and whose rerun repeats what it changed runs
   * again only with `confirmRerun`.
   */
  async run(sessionId: number, stepId: string, terminalId: string, confirmRerun = false): Promise<RequestResults['step.run']> {
    const { journal, terminals } = this.deps;
    const { step, root } = this.step(sessionId, stepId);
    if (!step.command || !RUNNABLE.has(step.kind)) {
      throw new EngineFault('invalid-params', `step "${stepId}" is a ${step.kind} step; it has no command to run`);
    }
    if (!journal.sessions.get(sessionId).session.trusted) {
      throw new EngineFault('untrusted', 'This plan comes from a file: review its commands and trust it before running them');
    }
    const status = this.deps.states.current(sessionId, stepId)?.status ?? 'pending';
    if (!confirmRerun && rerunNeedsConfirm(step, status)) {
      throw new EngineFault(
        'rerun-needs-confirm',
        `step "${stepId}" already ${status}; running it again repeats what it changed (\`${step.command}\` runs again). ` +
          'Confirm to run it again: "Run again" in the app asks, `stepwise run` takes --yes, a request sends confirmRerun: true',
      );
    }
    // Before the snapshot: a wrong terminal takes none.
    terminals.checkSession(sessionId, terminalId);
    if (step.toolchain) {
      // Asked from the project's folder, so that its rust-toolchain file names the active toolchain.
      const alreadyDone = await toolchainWorkDone(step.toolchain, { cwd: root, env: process.env, timeoutMs: RUSTUP_QUESTION_MS });
      if (alreadyDone) {
        const passed = this.deps.states.transition(sessionId, stepId, 'passed', null, alreadyDone);
        this.deps.toolchains.afterStep(sessionId, stepId, root);
        return { alreadyDone, step: passed };
      }
    }
    if (step.risk === 'high') await this.deps.snapshots.before(sessionId, stepId, `Before "${step.title}" (high risk)`);
    const runId = await terminals.type(sessionId, terminalId, step.command, {
      step: { stepId, expectExit: step.expectExit, expectOutput: step.expectOutput },
      follower: step.toolchain ? this.toolchainFollower(sessionId, stepId, root) : undefined,
    });
    return { runId };
  }

  /** A toolchain step's run that passed has moved the toolchain: recorded once the run is journaled. */
  private toolchainFollower(sessionId: number, stepId: string, root: string): RunFollower {
    return {
      ended: (end) => {
        if (!(end instanceof Error) && end.run.status === 'passed') this.deps.toolchains.afterStep(sessionId, stepId, root);
      },
    };
  }

  /** A snapshot step: takes and journals its snapshot; the step has then passed. */
  async snapshot(sessionId: number, stepId: string): Promise<{ snapshot: SnapshotRecord; step: StepState }> {
    const { step } = this.step(sessionId, stepId);
    if (step.kind !== 'snapshot') throw new EngineFault('invalid-params', `step "${stepId}" is a ${step.kind} step, not a snapshot`);
    const snapshot = await this.deps.snapshots.before(sessionId, stepId, step.title);
    return { snapshot, step: this.deps.states.transition(sessionId, stepId, 'passed') };
  }

  /** Marks the step by hand; a running step is left to its run. */
  mark(sessionId: number, stepId: string, status: MarkStatus): StepState {
    this.step(sessionId, stepId);
    return this.deps.states.transition(sessionId, stepId, status);
  }
}
