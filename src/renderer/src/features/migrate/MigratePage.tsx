import { useState } from 'react';
import { migrationTitle, type MigrationApplied, type StageReport } from '../../../../shared/migrate/migration';
import type { PlanStep, SessionView } from '../../../../shared/model';
import { plural } from '../../../../shared/words/plural';
import { SNAPSHOTS } from '../../app/page';
import { useApp } from '../../app/store';
import { ReviewQueue } from './ReviewQueue';
import { stopMigration, useApplyMigration, useMigrateProgress, useMigrateStatus, usePlanMigration } from './queries';

/** `len_zero, clippy::style` as typed: the names, in order, once each. */
const lintList = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

/**
 * An edition migration (`stepwise migrate` in the app): pick an edition and
 * clippy lints, find the fixes in a scratch copy, review them lint by lint,
 * apply after a snapshot. Within a migrate step, the step's edition and
 * lints come filled in, and applying passes the step.
 */
export function MigratePage({ view, step }: { view: SessionView; step?: PlanStep }): React.JSX.Element {
  const sessionId = view.session.id;
  const status = useMigrateStatus(sessionId);
  const plan = usePlanMigration(sessionId);
  const apply = useApplyMigration(sessionId);
  const [edition, setEdition] = useState<string | null>(step?.migrate?.edition ?? null);
  const [clippyText, setClippyText] = useState(step?.migrate?.clippy.join(', ') ?? '');
  const clippy = lintList(clippyText);
  // A new Find fixes or Apply starts the progress lines afresh.
  const [attempt, setAttempt] = useState(0);
  const lines = useMigrateProgress(sessionId, attempt);
  const newer = status.data?.newer ?? [];
  const current = status.data?.edition ?? null;
  // The newest edition unless another is picked; the project's own keeps it (clippy's fixes alone).
  // A step that names no edition keeps the project's.
  const target = edition !== null && (newer.includes(edition) || edition === current) ? edition : step?.migrate && !step.migrate.edition ? current : (newer.at(-1) ?? current);
  const nothingAsked = target === current && clippy.length === 0;
  const busy = plan.isPending || apply.isPending || (status.data?.running ?? null) !== null;
  const error = plan.error ?? apply.error ?? status.error;

  return (
    <section className="migrate-page" aria-label="Edition migration">
      {step ? <h3>Migration</h3> : <h2>Edition migration</h2>}
      {status.data === undefined && !status.error ? (
        <p className="muted">Reading the project's edition…</p>
      ) : (
        <>
          {status.data && newer.length === 0 && (
            <p data-testid="migrate-empty">
              <strong>Already at the newest edition.</strong> {view.project.name} is on edition {status.data.edition}: there is no edition to move to. Clippy&apos;s fixes for the lints you name still apply.
            </p>
          )}
          {status.data && (
              <form
                className="row wrap"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!target || nothingAsked) return;
                  setAttempt((n) => n + 1);
                  apply.reset();
                  plan.mutate({ edition: target, clippy });
                }}
              >
                <span>
                  Edition <strong>{status.data.edition}</strong> →
                </span>
                <select aria-label="Target edition" value={target ?? ''} onChange={(e) => setEdition(e.target.value)} disabled={busy}>
                  <option value={status.data.edition}>{status.data.edition} (keep)</option>
                  {newer.map((e) => (
                    <option key={e} value={e}>
                      {e}
                    </option>
                  ))}
                </select>
                <label className="row" title="cargo clippy --fix for these lints alone, after the edition steps: lint names (len_zero) or groups (clippy::style), separated by commas or spaces">
                  then clippy&apos;s fixes for
                  <input
                    type="text"
                    aria-label="Clippy lints"
                    className="mono"
                    placeholder="no lints (e.g. len_zero, clippy::style)"
                    value={clippyText}
                    onChange={(e) => setClippyText(e.target.value)}
                    disabled={busy}
                    spellCheck={false}
                    size={34}
                  />
                </label>
                {busy ? (
                  <button type="button" onClick={() => void stopMigration(sessionId)}>
                    Stop
                  </button>
                ) : (
                  <button type="submit" className="primary" disabled={!target || nothingAsked} title={nothingAsked ? 'Pick a newer edition or name clippy lints' : undefined}>
                    Find fixes
                  </button>
                )}
                <span className="muted small">
                  {nothingAsked ? 'Pick a newer edition, or name clippy lints to fix.' : 'Runs cargo in a scratch copy (a few tens of seconds): your files stay as they are until you apply.'}
                </span>
              </form>
          )}
          {error && (
            <p className="error" role="alert">
              {error.message}
            </p>
          )}
          {busy && (
            <div className="migrate-progress" aria-label="Migration progress" aria-busy="true">
              <p className="small">{apply.isPending ? 'Working the migration out again with your choices, then applying it…' : 'Finding fixes…'}</p>
              <ol className="small mono">
                {lines.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ol>
            </div>
          )}
          {apply.data ? (
            <Applied applied={apply.data} />
          ) : (
            plan.data &&
            !plan.isPending && (
              <ReviewQueue
                key={`${plan.data.edition.to} ${attempt}`}
                plan={plan.data}
                busy={busy}
                {...(step?.migrate ? { preset: step.migrate } : {})}
                onApply={(form) => {
                  setAttempt((n) => n + 1);
                  apply.mutate(step ? { ...form, stepId: step.id } : form);
                }}
              />
            )
          )}
        </>
      )}
    </section>
  );
}

function Applied({ applied }: { applied: MigrationApplied }): React.JSX.Element {
  const showPage = useApp((s) => s.showPage);
  const { from, to } = applied.plan.edition;
  const fixes = applied.plan.groups.flatMap((g) => g.hunks).filter((h) => h.applied).length;
  return (
    <section className="card migrate-applied" aria-label="Migration applied" data-testid="migrate-applied">
      <h3>
        Applied: {migrationTitle(applied.plan.edition, applied.plan.clippy)}
      </h3>
      {applied.snapshot ? (
        <>
          <p>
            {plural(fixes, 'fix', 'fixes')} written{from !== to && ' and the edition set in Cargo.toml'}: {plural(applied.files.length, 'file')} changed. Snapshot <strong>#{applied.snapshot.id}</strong> ({applied.snapshot.label}) holds the project as it was:{' '}
            <button type="button" className="link" onClick={() => showPage(SNAPSHOTS)}>
              open Snapshots
            </button>{' '}
            to compare or restore it. The run is in the journal and the guide.
          </p>
          <ul className="small">
            {applied.files.map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Nothing to change: the project was already as the migration leaves it.</p>
      )}
      {applied.plan.stages && <Stages stages={applied.plan.stages} />}
    </section>
  );
}

/** Each lint's stage: kept, or dropped with the check that failed and the fix that breaks it. */
function Stages({ stages }: { stages: StageReport[] }): React.JSX.Element {
  return (
    <div className="migrate-stages">
      <h4>Stages ({stages.filter((st) => st.kept).length} of {stages.length} kept)</h4>
      <ul className="small">
        {stages.map((st) => (
          <li key={`${st.step} ${st.lint}`} data-stage={st.lint} data-kept={st.kept}>
            <span className={`badge ${st.kept ? 'status-passed' : 'status-failed'}`}>{st.kept ? 'kept' : 'dropped'}</span> <code>{st.lint}</code>{' '}
            <span className="muted">
              ({st.step}, {plural(st.hunks, 'fix', 'fixes')})
            </span>
            {!st.kept && (
              <>
                {' '}
                {st.failedCheck ?? 'a check'} failed{st.error && <>: {st.error}</>}
                {st.culprit ? (
                  <div className="culprit">
                    The fix that breaks it, found by bisection in {plural(st.bisectChecks, 'check')}:{' '}
                    <code>
                      {st.culprit.file}:{st.culprit.line}
                    </code>
                    <pre className="culprit-diff small">
                      {st.culprit.before
                        .split('\n')
                        .filter(Boolean)
                        .map((l) => `-${l}`)
                        .join('\n')}
                      {'\n'}
                      {st.culprit.after
                        .split('\n')
                        .filter(Boolean)
                        .map((l) => `+${l}`)
                        .join('\n')}
                    </pre>
                  </div>
                ) : null}
                {st.notes.map((n) => (
                  <div key={n} className="muted">
                    {n}
                  </div>
                ))}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
