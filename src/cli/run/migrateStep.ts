// `stepwise run` on a migrate step: the migration worked out with the step's
// choices (every mechanical lint accepted but those it rejects, the lints
// that can change meaning held back unless it accepts them, as `stepwise
// migrate` does), then applied as the step's own, after its snapshot, only
// when the result builds.
import { EngineError } from '../../shared/client';
import { migrationTitle } from '../../shared/migrate/migration';
import type { PlanStep } from '../../shared/model';
import { plural } from '../../shared/words/plural';
import type { StepOutcome } from './outcomes';
import type { StepRunContext } from './runSteps';

export async function runMigrateStep(ctx: StepRunContext, step: PlanStep): Promise<Pick<StepOutcome, 'status' | 'note'>> {
  const { client, sessionId, printer } = ctx;
  const spec = step.migrate;
  if (!spec) return { status: 'error', note: 'the plan gives this migrate step no `migrate`' };
  const off = client.on('migrate.progress', (p) => {
    if (p.sessionId === sessionId) printer.line(p.line);
  });
  try {
    const edition = spec.edition ?? (await client.request('migrate.status', { sessionId })).edition;
    const { clippy, accept, reject } = spec;
    const applied = await client.request('migrate.apply', { sessionId, edition, clippy, accept, reject, skip: [], stages: [], stepId: step.id });
    const held = applied.plan.groups.filter((g) => g.reviewRequired && !g.accepted).map((g) => g.lint);
    if (held.length) printer.line(`Held back for a reader (accept them on the Edition migration page, or in the step's migrate.accept): ${held.join(', ')}`);
    const fixes = applied.plan.groups.flatMap((g) => g.hunks).filter((h) => h.applied).length;
    const done = applied.files.length ? `${plural(fixes, 'fix', 'fixes')} applied to ${plural(applied.files.length, 'file')}` : 'nothing to change';
    return { status: 'passed', note: `${migrationTitle(applied.plan.edition, applied.plan.clippy)}: ${done}${held.length ? `; held back: ${held.join(', ')}` : ''}` };
  } catch (error) {
    // A result that does not build, refused with why: the step failed, the project unchanged.
    if (error instanceof EngineError && error.code === 'check-failed') return { status: 'failed', note: error.message };
    // A migration the plan asks for that cannot be (a lint no toolchain knows, an edition the project cannot reach): the plan's error.
    if (error instanceof EngineError && error.code === 'invalid-params') return { status: 'error', note: error.message };
    throw error;
  } finally {
    off();
  }
}
