import type { SessionView } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { METRICS, MIGRATE, OVERVIEW, samePage, SNAPSHOTS, stepPage, type Page } from '../../app/page';
import { useOpenIssueCounts } from '../issues/queries';
import { Icon } from '../../ui/icons';
import { STATUS_LABEL } from './status';
import { StepLegend } from './StepLegend';

interface Props {
  view: SessionView;
  /** Icons only (a narrow window, or folded by the user): each title stays its button's name and tooltip. */
  compact?: boolean;
  /** Fold to icons or unfold; absent: the list cannot fold. */
  onCompact?(compact: boolean): void;
}

export function StepList({ view, compact = false, onCompact }: Props): React.JSX.Element {
  const page = useApp((s) => s.page);
  const showPage = useApp((s) => s.showPage);
  const shown = (p: Page): boolean => samePage(page, p);
  const status = new Map(view.steps.map((s) => [s.stepId, s.status]));
  // Open issues only: a fixed one no longer needs attention.
  const issueCount = useOpenIssueCounts(view.session.id).byStep;
  // Steps the plan, fitted to this project, marks as not applicable are listed (dimmed, with why) but not counted.
  const notApplicable = new Set(view.plan.phases.flatMap((p) => p.steps).filter((s) => s.applies === false).map((s) => s.id));
  const steps = view.steps.filter((s) => !notApplicable.has(s.stepId));
  const done = steps.filter((s) => s.status === 'passed' || s.status === 'skipped').length;

  return (
    <nav id="step-list" className={`sidebar${compact ? ' compact' : ''}`} aria-label="Plan steps">
      <div className="sidebar-head">
        <div className="progress" title={`${done} of ${steps.length} steps done${notApplicable.size ? `; ${notApplicable.size} not applicable to this project` : ''}`}>
          <div className="progress-label">
            {done} / {steps.length} steps done
          </div>
          <div className="progress-track">
            <div className="progress-fill" style={{ width: `${(100 * done) / Math.max(1, steps.length)}%` }} />
          </div>
        </div>
        {!compact && <StepLegend />}
        {onCompact && (
          <button
            type="button"
            className="ghost icon-button"
            aria-label={compact ? 'Show the step titles' : 'Fold the step list to icons'}
            title={compact ? 'Show the step titles' : 'Fold the step list to icons'}
            aria-expanded={!compact}
            aria-controls="step-list"
            onClick={() => onCompact(!compact)}
          >
            <Icon name={compact ? 'expandRight' : 'collapseLeft'} label={null} />
          </button>
        )}
      </div>
      <button
        type="button"
        className={`step overview-link${shown(OVERVIEW) ? ' selected' : ''}`}
        onClick={() => showPage(OVERVIEW)}
        aria-current={shown(OVERVIEW) ? 'step' : undefined}
        title="Scan & preflight"
      >
        <Icon name="overview" label={null} className="glyph" />
        <span className="step-title">Scan &amp; preflight</span>
      </button>
      <button
        type="button"
        className={`step snapshots-link${shown(SNAPSHOTS) ? ' selected' : ''}`}
        onClick={() => showPage(SNAPSHOTS)}
        aria-current={shown(SNAPSHOTS) ? 'page' : undefined}
        title="Review, compare and restore snapshots (Ctrl+Shift+S)"
      >
        <Icon name="snapshots" label={null} className="glyph" />
        <span className="step-title">Snapshots</span>
        <span className="count">{view.snapshots.length}</span>
      </button>
      <button
        type="button"
        className={`step metrics-link${shown(METRICS) ? ' selected' : ''}`}
        onClick={() => showPage(METRICS)}
        aria-current={shown(METRICS) ? 'page' : undefined}
        title="Measurements, gates and old against new (Ctrl+Shift+M)"
      >
        <Icon name="metrics" label={null} className="glyph" />
        <span className="step-title">Metrics &amp; gates</span>
      </button>
      <button
        type="button"
        className={`step migrate-link${shown(MIGRATE) ? ' selected' : ''}`}
        onClick={() => showPage(MIGRATE)}
        aria-current={shown(MIGRATE) ? 'page' : undefined}
        title="Move the crate to a newer Rust edition, lint by lint (Ctrl+Shift+D)"
      >
        <Icon name="migrate" label={null} className="glyph" />
        <span className="step-title">Edition migration</span>
      </button>
      {view.plan.phases.map((phase) => (
        <section key={phase.id} className="phase">
          <h3>{phase.title}</h3>
          <ol>
            {phase.steps.map((step) => {
              const s = status.get(step.id) ?? 'pending';
              const issues = issueCount.get(step.id) ?? 0;
              const applies = step.applies !== false;
              return (
                <li key={step.id}>
                  <button
                    type="button"
                    className={`step step-${s}${applies ? '' : ' not-applicable'}${shown(stepPage(step.id)) ? ' selected' : ''}`}
                    onClick={() => showPage(stepPage(step.id))}
                    aria-current={shown(stepPage(step.id)) ? 'step' : undefined}
                    data-step-id={step.id}
                    data-status={s}
                    data-applies={applies}
                    title={`${step.title} (${STATUS_LABEL[s].toLowerCase()}, ${step.kind} step)${applies ? '' : `\nNot applicable: ${step.reason ?? ''}`}`}
                  >
                    <Icon name={s} label={STATUS_LABEL[s]} className={`glyph status-${s}`} />
                    <span className="step-title">
                      <span className="step-name">{step.title}</span>
                      {!applies && <span className="step-reason">Not applicable: {step.reason}</span>}
                    </span>
                    <Icon name={step.kind} label={`${step.kind} step`} className="kind" />
                    {issues > 0 && (
                      <span className="count" title={`${issues} open issue${issues === 1 ? '' : 's'}`}>
                        {issues}
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </nav>
  );
}
