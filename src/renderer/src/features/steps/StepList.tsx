import type { SessionView } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { METRICS, MIGRATE, OVERVIEW, samePage, SNAPSHOTS, stepPage, type Page } from '../../app/page';
import { useOpenIssueCounts } from '../issues/queries';
import { Icon, type IconName } from '../../ui/icons';
import { STATUS_LABEL } from './status';
import { StepLegend } from './StepLegend';

interface PageLinkProps {
  page: Page;
  className: string;
  icon: IconName;
  title: string;
  tip: string;
  shown: boolean;
  onShow(page: Page): void;
  /** What aria-current says when shown: the overview is the plan's first "step", the others pages. */
  current?: 'step' | 'page';
  children?: React.ReactNode;
}

/** A page of the session's own above the plan's steps (the overview, snapshots, metrics, migration). */
function PageLink({ page, className, icon, title, tip, shown, onShow, current = 'page', children }: PageLinkProps): React.JSX.Element {
  return (
    <button type="button" className={`step ${className}${shown ? ' selected' : ''}`} onClick={() => onShow(page)} aria-current={shown ? current : undefined} title={tip}>
      <Icon name={icon} label={null} className="glyph" />
      <span className="step-title">{title}</span>
      {children}
    </button>
  );
}

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
      <PageLink page={OVERVIEW} className="overview-link" icon="overview" title="Scan & preflight" current="step" shown={shown(OVERVIEW)} onShow={showPage} tip="Scan & preflight" />
      <PageLink page={SNAPSHOTS} className="snapshots-link" icon="snapshots" title="Snapshots" shown={shown(SNAPSHOTS)} onShow={showPage} tip="Review, compare and restore snapshots (Ctrl+Shift+S)">
        <span className="count">{view.snapshots.length}</span>
      </PageLink>
      <PageLink page={METRICS} className="metrics-link" icon="metrics" title="Metrics & gates" shown={shown(METRICS)} onShow={showPage} tip="Measurements, gates and old against new (Ctrl+Shift+M)" />
      <PageLink page={MIGRATE} className="migrate-link" icon="migrate" title="Edition migration" shown={shown(MIGRATE)} onShow={showPage} tip="Move the crate to a newer Rust edition, lint by lint (Ctrl+Shift+D)" />
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
