import { useState } from 'react';
import { chosenMigration, migrationTitle, presetChoices, type MigrationPlan } from '../../../../shared/migrate/migration';
import type { MigrateSpec } from '../../../../shared/model';
import { plural } from '../../../../shared/words/plural';
import { InlineConfirm } from '../../ui/InlineConfirm';
import { LintGroup } from './LintGroup';
import type { ApplyForm } from './queries';

/** The checks each stage must pass in the wizard: the session's build and tests. */
const STAGED_CHECKS = ['build', 'test'] as const;

/** The fixes a migration found, grouped by lint, to accept, reject or leave out one by one; then applied together. */
export function ReviewQueue({ plan, busy, onApply, preset }: { plan: MigrationPlan; busy: boolean; onApply: (form: ApplyForm) => void; preset?: MigrateSpec }): React.JSX.Element {
  const [choices, setChoices] = useState(() => presetChoices(plan, preset));
  const [confirming, setConfirming] = useState(false);
  const [staged, setStaged] = useState(false);
  const chosen = chosenMigration(plan, choices);
  const { from, to } = plan.edition;
  const rejected = plan.groups.filter((g) => !(choices.accepted[g.lint] ?? false)).map((g) => g.lint);
  const action = `Apply ${plural(chosen.fixes, 'fix', 'fixes')} to ${plural(chosen.files.length, 'file')}`;

  return (
    <section className="card review-queue" aria-label="Review queue">
      <h3>
        {migrationTitle(plan.edition, plan.clippy)}
        {plan.toolchain && (
          <span className="muted small">
            {' '}
            with <code>{plan.toolchain.name}</code> (rustc {plan.toolchain.version})
          </span>
        )}
      </h3>
      {plan.check && !plan.check.passed && (
        <p className="error" role="alert">
          With these fixes the migrated copy does not build: {plan.check.error}. Applying works it out again with your choices and
          changes nothing unless the result builds; what cargo could not fix below may need your hand first.
        </p>
      )}
      {plan.groups.length === 0 ? (
        <p className="muted">{from === to ? 'clippy suggests no fixes for these lints: there is nothing to apply.' : `cargo suggests no fixes: applying only moves Cargo.toml to edition ${to}.`}</p>
      ) : (
        <ul className="lint-groups">
          {plan.groups.map((g) => (
            <LintGroup key={g.lint} group={g} choices={choices} onChange={setChoices} />
          ))}
        </ul>
      )}
      {plan.notApplied.length > 0 && (
        <div className="not-applied">
          <h4>cargo could not apply these ({plan.notApplied.length}): fix them by hand</h4>
          <ul className="small">
            {plan.notApplied.map((n, i) => (
              <li key={i}>
                <code>
                  {n.file}:{n.line}
                </code>{' '}
                {n.lint && <code>[{n.lint}]</code>} <span className="muted">({n.step})</span> {n.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <CargoAgreement cargo={plan.cargo} />
      {plan.notes.map((note) => (
        <p key={note} className="small muted">
          Note: {note}
        </p>
      ))}
      <div className="action-bar">
        <label className="small" title="Each accepted lint's fixes are applied on top of those kept so far, then cargo build --all-targets and cargo test run; a lint whose fixes fail is left out, and the fix that breaks it is found by bisection.">
          <input type="checkbox" checked={staged} onChange={(e) => setStaged(e.target.checked)} disabled={busy} /> In stages: keep a lint&apos;s fixes only if build and tests pass
        </label>
        {confirming ? (
          <InlineConfirm
            label="Apply the migration?"
            confirm={action}
            testId="migrate-confirm"
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              onApply({ edition: to, clippy: plan.clippy, accept: chosen.accept, reject: chosen.reject, skip: chosen.skip, stages: staged ? [...STAGED_CHECKS] : [] });
            }}
          >
            A snapshot first, then {plural(chosen.fixes, 'fix', 'fixes')} written to {chosen.files.join(', ') || 'no source file'}
            {from !== to && <> and Cargo.toml set to edition {to}</>}
            {rejected.length > 0 && <> ({rejected.join(', ')} left out)</>}
            {chosen.skip.length > 0 && <>, {plural(chosen.skip.length, 'single fix', 'single fixes')} skipped</>}. It is worked out again first (about as long as Find fixes) and applied only if it builds.
            {staged && <> In stages: each lint&apos;s fixes are kept only if the crate builds and its tests pass with them, which takes a build and a test run per lint.</>}
          </InlineConfirm>
        ) : (
          <button type="button" className="primary" disabled={busy} onClick={() => setConfirming(true)}>
            {action}
          </button>
        )}
      </div>
    </section>
  );
}

/** Whether applying every fix gives what cargo's own fix gives (`cargo fix --edition`, `cargo clippy --fix`), per pass: one line when every pass agrees. */
function CargoAgreement({ cargo }: { cargo: MigrationPlan['cargo'] }): React.JSX.Element | null {
  if (cargo.length === 0) return null;
  const differing = cargo.filter((c) => !c.agrees);
  if (differing.length === 0) return <p className="small muted">Applying every fix gives what cargo gives ({cargo.map((c) => (c.command.includes(c.step) ? c.command : `${c.command} ${c.step}`)).join(', ')}).</p>;
  return (
    <>
      {differing.map((c) => (
        <p key={c.step} className="small review-reason">
          {c.step}: {c.command} writes other text in {c.differs.join(', ')}; read those files' fixes closely.
        </p>
      ))}
    </>
  );
}
