// `stepwise migrate`: an edition migration steered by lint (src/core/migrate
// does the work in a scratch copy); applying it takes a snapshot first.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyChanges } from '../../core/edits/applyEdit';
import { EngineFault } from '../../core/engine/errors';
import { migrateCommandLine, type MigrateChoices } from '../../core/migrate/migrateCommandLine';
import { MigrateError } from '../../core/migrate/migrateError';
import { planMigration, type MigrationResult } from '../../core/migrate/migrate';
import { MigrateStopped } from '../../core/migrate/runCargo';
import { DEFAULT_STAGE_CHECKS, stageChecks } from '../../core/migrate/stages';
import { CliError } from '../cliError';
import { commaList, parseCommandArgs } from '../params';
import { projectFolder } from '../projectFolder';
import { abortOnStopSignals } from '../run/stopSignals';
import { migrationSnapshotLabel } from '../../shared/migrate/migration';
import { formatMigration } from './migrateFormat';
import { openDesk } from './snapshots';

export const MIGRATE_USAGE = `Usage: stepwise migrate --project DIR [--edition 2018|2021|2024] [--clippy LINT,..]
                        [--accept LINT,..] [--reject LINT,..] [--skip FILE:LINE,..] [--toolchain T]
                        [--stages [--checks build,test,clippy]] [--dry-run] [--json]

Moves a crate to a newer edition one edition at a time (2018 -> 2024 is two
steps), lint by lint. In a scratch copy, each step runs \`cargo check\` with
--force-warn rust-EDITION-compatibility (the lints \`cargo fix --edition\`
applies) and reads every machine-applicable fix from cargo's JSON, grouped by
lint; the accepted fixes are applied and the edition in Cargo.toml bumped.
\`cargo fix --edition\` also runs beside it, to list what cargo could not apply
and check that applying every fix gives what cargo gives.
--clippy then adds clippy's fixes for the lints or groups named (len_zero,
clippy::style): \`cargo clippy\` with --force-warn for each, read the same way,
with \`cargo clippy --fix\` beside it; only the named lints' fixes are applied.
Without --edition the project keeps its edition and only clippy's fixes run.
Every lint's fixes are accepted but those of --reject, and those of lints that
can change what code does (tail_expr_drop_order, if_let_rescope, ...: marked
"review"), which are accepted only when named in --accept. --skip leaves out
single fixes, by the file and line the report shows them at.
The toolchain is --toolchain, else the project's own when it reads the target
edition, else the oldest installed release that does (2024 needs rustc 1.85);
with --clippy, one that has clippy.
With --stages, each accepted lint's fixes are a stage: applied on top of the
stages kept so far and checked (--checks, default build,test: cargo build
--all-targets, cargo test, cargo clippy --all-targets -- -D warnings); a stage
is kept only when every check passes. A dropped stage is bisected by fix to
the one that breaks the check (the report names it; --skip it to keep the rest).
Unless --dry-run, the result is applied to the project after a rollback
snapshot (\`stepwise snapshots list\`), only when it builds.
Exit codes: 0 done (or nothing to do), 1 the result does not build (not
applied) or cargo failed, 2 bad input, 130 stopped.`;

export async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    {
      args,
      options: {
        project: { type: 'string' },
        edition: { type: 'string' },
        clippy: { type: 'string' },
        accept: { type: 'string' },
        reject: { type: 'string' },
        skip: { type: 'string' },
        toolchain: { type: 'string' },
        stages: { type: 'boolean', default: false },
        checks: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    },
    MIGRATE_USAGE,
  );

  if (values.help) {
    console.log(MIGRATE_USAGE);
    return 0;
  }
  if (!values.edition && values.clippy === undefined) throw new CliError(`migrate needs --edition 2018|2021|2024, or --clippy LINT,.. for clippy's fixes alone\n\n${MIGRATE_USAGE}`);
  if (values.checks !== undefined && !values.stages) throw new CliError(`--checks goes with --stages (the checks that gate each stage)\n\n${MIGRATE_USAGE}`);
  const project = await projectFolder(values.project);
  if (!existsSync(join(project, 'Cargo.toml'))) throw new CliError(`--project: ${project} has no Cargo.toml: not a cargo project`);
  const list = (option: 'clippy' | 'accept' | 'reject' | 'skip' | 'checks'): string[] => (values[option] === undefined ? [] : commaList(values[option], `--${option}`));
  const choices: MigrateChoices = {
    ...(values.edition ? { edition: values.edition } : {}),
    clippy: list('clippy'),
    accept: list('accept'),
    reject: list('reject'),
    skip: list('skip'),
    ...(values.toolchain ? { toolchain: values.toolchain } : {}),
    ...(values.stages ? { stages: list('checks') } : {}),
  };
  const { stages, ...asked } = choices;
  const stop = abortOnStopSignals('ending cargo and removing the scratch copy');
  let result: MigrationResult;
  try {
    result = await planMigration({
      project,
      ...asked,
      ...(stages ? { stages: stages.length ? stageChecks(stages) : DEFAULT_STAGE_CHECKS } : {}),
      signal: stop.signal,
      onProgress: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    if (error instanceof MigrateError) throw new CliError(error.message);
    if (error instanceof MigrateStopped || stop.signal.aborted) throw new CliError('migrate stopped; the project was not changed', 130);
    throw error;
  } finally {
    stop.off();
  }
  const applied = values['dry-run'] || !result.check?.passed ? null : await applyMigration(project, result, migrateCommandLine(choices));
  const report = { ...result, applied: applied !== null, snapshotId: applied?.snapshotId ?? null, runId: applied?.runId ?? null };
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatMigration(report, values['dry-run']));
  return result.check && !result.check.passed ? 1 : 0;
}

/**
 * A snapshot of the project, then every change written together (each
 * beside its file, then renamed over it), journaled as a run of the
 * project's session (origin `migration`) whose output is the report, so the
 * guide records it.
 */
async function applyMigration(project: string, result: MigrationResult, command: string): Promise<{ snapshotId: number; runId: number } | null> {
  if (result.changes.length === 0) return null;
  const desk = await openDesk({ project }, { write: true, createSession: true });
  if (!desk || desk.sessionId === null) throw new CliError(`could not open a session for ${project} to take the snapshot before applying; nothing changed`, 1);
  try {
    const startedAt = new Date();
    const snapshot = await desk.services.snapshots.take(desk.sessionId, { label: migrationSnapshotLabel(result), kind: 'auto' });
    await applyChanges(project, result.changes);
    const { runs } = desk.services.journal;
    const run = runs.start({ sessionId: desk.sessionId, stepId: null, origin: 'migration', command, cwd: project, startedAt });
    const output = formatMigration({ ...result, applied: true, snapshotId: snapshot.id }, false);
    runs.finish(run.id, { exitCode: 0, endedAt: new Date(), output, passed: true });
    return { snapshotId: snapshot.id, runId: run.id };
  } catch (error) {
    if (error instanceof EngineFault) throw new CliError(`${error.message}; nothing changed`, 1);
    throw error;
  } finally {
    desk.close();
  }
}
