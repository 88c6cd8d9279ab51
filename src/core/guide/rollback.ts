// The rollback procedure, made concrete from the journal: the snapshot taken
// before the first change and the commands that put its files back, the
// toolchain the session started on and the commands that bring it back, the
// checks to run again, and each step's own undo note from the plan.
import type { Plan, RestoreRecord, SnapshotRecord, StepState } from '../../shared/model';
import { toolchainCommands } from '../snapshots/toolchain';
import { shortToolchain } from '../toolchain/version';
import type { Environment, RollbackPlan } from './model';
import type { Scrub } from './scrub';
import { fromProject, pathWord } from './shell';

export interface RollbackInput {
  plan: Plan;
  params: Record<string, string>;
  projectPath: string;
  stepStates: StepState[];
  snapshots: SnapshotRecord[];
  restores: RestoreRecord[];
  environment: Environment;
  /** Commands of plan steps that passed, first first. */
  passed: { stepId: string; command: string; cwd: string }[];
  /** The same, only those before the first snapshot. */
  passedBeforeChange: { stepId: string; command: string; cwd: string }[];
  scrub: Scrub;
}

export function rollbackPlan(input: RollbackInput): RollbackPlan {
  const { plan, scrub } = input;
  // Safety snapshots are taken before restores: the state to go back to is the first other one.
  const snapshot = input.snapshots.find((s) => s.kind !== 'safety') ?? null;
  const kinds = new Map(plan.phases.flatMap((p) => p.steps.map((s) => [s.id, s])));
  // A step that passed without a run doing its work (already done) changed nothing: there is nothing of it to undo.
  const ran = new Set(input.stepStates.filter((s) => s.status !== 'pending' && s.status !== 'skipped' && !s.note).map((s) => s.stepId));

  const verify = unique(
    input.passedBeforeChange.filter((r) => kinds.get(r.stepId)?.kind === 'check').map((r) => fromProject(scrub(input.projectPath), { command: scrub(r.command), cwd: scrub(r.cwd) })),
  );
  const backupBranch =
    input.passed.map((r) => /\bgit\s+(?:branch|switch\s+-c|checkout\s+-b)\s+([^\s&;|]+)/.exec(r.command)?.[1]).find((b) => b) ?? null;

  return {
    snapshot: snapshot && { ...snapshot, label: scrub(snapshot.label) },
    stepwiseCommand: snapshot ? `stepwise snapshots restore ${snapshot.id} --project ${pathWord(scrub(input.projectPath))}` : null,
    fileCommands: snapshot ? fileCommands(snapshot, scrub(input.projectPath)) : [],
    toolchain: toolchainBack(snapshot, input),
    backupBranch: backupBranch && scrub(backupBranch),
    verify,
    stepUndo: plan.phases
      .flatMap((p) => p.steps)
      .filter((s) => ran.has(s.id) && s.rollback.trim())
      .reverse()
      .map((s) => ({ stepId: s.id, title: s.title, rollback: scrub(s.rollback.trim()) })),
    snapshots: input.snapshots.map((s) => ({ ...s, label: scrub(s.label) })),
    restores: input.restores.map((r) => ({ ...r, files: r.files.map(scrub), toolchainCommands: r.toolchainCommands.map(scrub) })),
  };
}

/** By hand, without Stepwise: the snapshot's files back into the work tree (git store only). */
function fileCommands(snapshot: SnapshotRecord, projectPath: string): string[] {
  if (snapshot.store !== 'git') return [];
  const ref = `refs/stepwise/snapshots/${snapshot.storeId}`;
  return [
    `cd ${pathWord(projectPath)}`,
    `git stash push --include-untracked -m "before rolling back to Stepwise snapshot ${snapshot.id}"`,
    `git restore --source=${ref} --worktree -- .`,
  ];
}

function toolchainBack(snapshot: SnapshotRecord | null, input: RollbackInput): RollbackPlan['toolchain'] {
  const state = snapshot?.toolchain ?? null;
  if (snapshot && state?.active) {
    // Against no current state: every command, whatever the machine has by the time it is needed.
    const commands = toolchainCommands(state, null);
    const file = state.toolchainFile ? `; ${input.scrub(state.toolchainFile.path)} comes back with the files and selects it in the project` : '';
    return { name: shortToolchain(state.active), commands, source: `recorded with snapshot #${snapshot.id}${file}` };
  }
  const before = input.environment.before?.rustc;
  const measured = before ? /\brustc\s+(\d+\.\d+\.\d+)/.exec(before)?.[1] : undefined;
  if (measured) {
    return { name: measured, commands: [`rustup toolchain install ${measured}`, `rustup default ${measured}`], source: input.environment.before?.source ?? '' };
  }
  const planned = input.params.from_rust;
  if (planned) {
    return { name: planned, commands: [`rustup toolchain install ${planned}`, `rustup default ${planned}`], source: 'the plan parameter from_rust (no toolchain was recorded)' };
  }
  return { name: null, commands: [], source: 'no toolchain was recorded' };
}

const unique = (items: string[]): string[] => [...new Set(items)];
