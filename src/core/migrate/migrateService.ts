// Edition migrations asked for from the wizard: worked out in a scratch copy
// (planMigration) with progress told to every client, then applied after a
// snapshot and journaled as a run of origin 'migration', like the CLI. One at
// a time per session; a stop ends the cargo it runs; shutdown stops them all.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParsedParams } from '../../shared/contract';
import { migrationSnapshotLabel, migrationTitle, type MigrationApplied, type MigrationPlan, type MigrationStatus } from '../../shared/migrate/migration';
import { applyChanges } from '../edits/applyEdit';
import { EngineFault } from '../engine/errors';
import type { EventBus } from '../engine/eventBus';
import { SessionJobs } from '../engine/sessionJobs';
import type { Journal } from '../journal/journal';
import type { SnapshotService } from '../snapshots/service';
import { projectRoot } from '../snapshots/snapshotBefore';
import { sessionStep } from '../sessions/sessionStep';
import type { StepTransitions } from '../steps/stepTransitions';
import { EDITIONS, manifestEdition } from './editions';
import { planMigration, type MigrateOptions, type MigrationResult } from './migrate';
import { migrateCommandLine } from './migrateCommandLine';
import { MigrateError } from './migrateError';
import { MigrateStopped } from './runCargo';

export interface MigrateServiceDeps {
  journal: Journal;
  bus: EventBus;
  snapshots: SnapshotService;
  states: StepTransitions;
}

const BUSY = 'A migration is already being worked out or applied in this session; wait for it or stop it';

export class MigrateService {
  private readonly jobs = new SessionJobs<'plan' | 'apply'>();

  constructor(private readonly deps: MigrateServiceDeps) {}

  async status(sessionId: number): Promise<MigrationStatus> {
    const manifest = join(projectRoot(this.deps.journal, sessionId), 'Cargo.toml');
    const text = await readFile(manifest, 'utf8').catch(() => {
      throw new EngineFault('invalid-params', `${manifest} cannot be read: the project is not a cargo project`);
    });
    const edition = guarded(() => manifestEdition(text, manifest).edition);
    return { edition, newer: EDITIONS.slice(EDITIONS.indexOf(edition) + 1), running: this.jobs.kind(sessionId) };
  }

  plan(params: ParsedParams<'migrate.plan'>): Promise<MigrationPlan> {
    const { sessionId } = params;
    return this.jobs.run(sessionId, 'plan', BUSY, async (signal) => {
      const result = await this.work(sessionId, { edition: params.edition, toolchain: params.toolchain, clippy: params.clippy }, signal);
      return planView(sessionId, result);
    });
  }

  /** Works the migration out again with the user's choices, and applies it only when it builds. */
  apply(params: ParsedParams<'migrate.apply'>): Promise<MigrationApplied> {
    const { sessionId, edition, clippy, accept, reject, skip, toolchain, stepId } = params;
    const stages = params.stages.length > 0 ? params.stages : undefined;
    if (stepId !== undefined) {
      const { step } = sessionStep(this.deps.journal, sessionId, stepId);
      if (step.kind !== 'migrate') throw new EngineFault('invalid-params', `step "${stepId}" is a ${step.kind} step, not a migrate step`);
    }
    return this.jobs.run(sessionId, 'apply', BUSY, async (signal) => {
      // The journaled run spans the whole migration: working it out again is most of its time.
      const startedAt = new Date();
      const result = await this.work(sessionId, { edition, toolchain, clippy, accept, reject, skip, stages }, signal);
      const plan = planView(sessionId, result);
      if (result.check && !result.check.passed) throw new EngineFault('check-failed', `Not applied, the project is unchanged: the migrated copy does not build (${result.check.error ?? 'cargo check failed'})`);
      if (signal.aborted) throw stopped();
      const { journal, bus, snapshots, states } = this.deps;
      if (result.changes.length === 0) {
        if (stepId !== undefined) states.transition(sessionId, stepId, 'passed', null, 'the project was already as the migration leaves it');
        return { plan, snapshot: null, runId: null, files: [] };
      }
      // A step's snapshot is the step's (its rollback, and its commit when shipped); otherwise the session's.
      const taking = stepId === undefined ? snapshots.take(sessionId, { label: migrationSnapshotLabel(result), kind: 'auto' }) : snapshots.before(sessionId, stepId, migrationSnapshotLabel(result));
      const snapshot = await taking.catch((error: Error) => {
        throw new EngineFault('io', `Not applied, the project is unchanged: the snapshot before it could not be taken (${error.message})`);
      });
      await applyChanges(result.project, result.changes);
      const files = result.changes.map((c) => c.file);
      const run = journal.runs.start({ sessionId, stepId: stepId ?? null, origin: 'migration', command: migrateCommandLine({ edition, clippy, accept, reject, skip, ...(toolchain ? { toolchain } : {}), ...(stages ? { stages } : {}) }), cwd: result.project, startedAt });
      bus.emit('run.started', run);
      const finished = journal.runs.finish(run.id, { exitCode: 0, endedAt: new Date(), output: summary(result, snapshot.id, files), passed: true });
      bus.emit('run.finished', finished);
      if (stepId !== undefined) states.transition(sessionId, stepId, 'passed', run.id);
      return { plan, snapshot, runId: run.id, files };
    });
  }

  stop(sessionId: number): { stopped: boolean } {
    return this.jobs.stop(sessionId);
  }

  /** Stops every migration and waits until its cargo has ended and its scratch copy is gone. */
  close(): Promise<void> {
    return this.jobs.close();
  }

  private async work(sessionId: number, choice: Omit<MigrateOptions, 'project'>, signal: AbortSignal): Promise<MigrationResult> {
    const project = projectRoot(this.deps.journal, sessionId);
    const onProgress = (line: string): void => this.deps.bus.emit('migrate.progress', { sessionId, line });
    try {
      return await planMigration({ ...choice, project, signal, onProgress });
    } catch (error) {
      if (error instanceof MigrateError) throw new EngineFault('invalid-params', error.message);
      if (error instanceof MigrateStopped || signal.aborted) throw stopped();
      throw error;
    }
  }
}

const stopped = (): EngineFault => new EngineFault('invalid-params', 'Migration stopped; the project was not changed');

function guarded<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MigrateError) throw new EngineFault('invalid-params', error.message);
    throw error;
  }
}

function planView(sessionId: number, r: MigrationResult): MigrationPlan {
  return {
    sessionId, edition: r.edition, clippy: r.clippy, toolchain: r.toolchain, groups: r.groups, notApplied: r.notApplied, cargo: r.cargo, check: r.check, notes: r.notes,
    files: r.changes.map((c) => c.file), ...(r.stages ? { stages: r.stages } : {}),
  };
}

/** The run's output in the journal: what was applied and what was left out. */
function summary(r: MigrationResult, snapshotId: number, files: string[]): string {
  const lines = [`${migrationTitle(r.edition, r.clippy)} with ${r.toolchain?.name ?? 'the project toolchain'}; snapshot #${snapshotId} taken before.`];
  for (const g of r.groups) {
    const applied = g.hunks.filter((h) => h.applied).length;
    lines.push(`${g.lint}: ${applied} of ${g.hunks.length} fixes applied${g.accepted ? '' : ' (rejected)'}`);
  }
  for (const n of r.notApplied) lines.push(`not applied: ${n.file}:${n.line} ${n.reason}`);
  for (const st of r.stages ?? []) {
    const culprit = st.culprit ? `; the fix that breaks it: ${st.culprit.file}:${st.culprit.line}` : '';
    lines.push(`stage ${st.lint} (${st.step}): ${st.kept ? 'kept' : `dropped, ${st.failedCheck ?? 'a check'} failed${st.error ? `: ${st.error}` : ''}${culprit}`}`);
  }
  lines.push(`Changed: ${files.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
