import { useState } from 'react';
import type { SessionView } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { Icon } from '../../ui/icons';
import { Markdown } from '../../ui/Markdown';
import { STATUS_LABEL } from './status';
import { TrustDialog } from '../overview/TrustDialog';
import { EditActions } from './EditActions';
import { StepActions } from './StepActions';
import { MigratePage } from '../migrate/MigratePage';

export function StepDetail({ view, stepId }: { view: SessionView; stepId: string | null }): React.JSX.Element {
  const stepError = useApp((s) => s.stepError);
  const [reviewing, setReviewing] = useState(false);
  const step = view.plan.phases.flatMap((p) => p.steps).find((s) => s.id === stepId);
  const state = view.steps.find((s) => s.stepId === stepId);

  if (!step || !state) {
    return <section className="step-detail empty">Select a step in the plan.</section>;
  }
  return (
    <section className="step-detail" aria-label="Step">
      <div className="step-head">
        <h2>{step.title}</h2>
        <span className="badge">{step.kind}</span>
        <span className={`badge risk-${step.risk}`}>{step.risk} risk</span>
        {step.estimate && <span className="badge muted">≈ {step.estimate}</span>}
        <span className={`badge status-${state.status}`} data-testid="step-status">
          {STATUS_LABEL[state.status]}
        </span>
      </div>
      {step.description && (
        <div className="description">
          <Markdown text={step.description} />
        </div>
      )}
      {!view.session.trusted && (
        <p className="warn-text">
          This plan comes from {view.session.planOrigin}: review what it runs before it runs anything.{' '}
          <button type="button" onClick={() => setReviewing(true)}>
            Review commands…
          </button>
        </p>
      )}
      {step.command && (
        <pre className="command">
          <span className="prompt">$ </span>
          {step.command}
        </pre>
      )}
      {step.checklist.length > 0 && <Checklist key={step.id} items={step.checklist} />}
      {step.snippets.map((s, i) => (
        <pre key={i} className="command snippet" data-lang={s.lang}>
          {s.text}
        </pre>
      ))}
      {step.applies === false ? (
        <p className="muted not-applicable-note" data-testid="step-not-applicable">
          Not applicable to this project: {step.reason}
        </p>
      ) : step.kind === 'edit' ? (
        <EditActions key={step.id} sessionId={view.session.id} trusted={view.session.trusted} step={step} state={state} />
      ) : step.kind === 'migrate' ? (
        <>
          <MigratePage key={step.id} view={view} step={step} />
          <StepActions view={view} step={step} state={state} />
        </>
      ) : (
        <StepActions view={view} step={step} state={state} />
      )}
      {stepError && (
        <p className="error" role="alert">
          {stepError}
        </p>
      )}
      {state.note && (
        <p className="small muted step-note" role="status" data-testid="step-note">
          {STATUS_LABEL[state.status]}
          {state.status === 'pending' ? ': ' : ' without running: '}
          {state.note}
        </p>
      )}
      <StepSnapshots view={view} stepId={step.id} />
      {step.rollback && (
        <details className="rollback">
          <summary>Rollback</summary>
          <div className="small">
            <Markdown text={step.rollback} />
          </div>
        </details>
      )}
      {reviewing && <TrustDialog sessionId={view.session.id} plan={view.plan} origin={view.session.planOrigin} onClose={() => setReviewing(false)} />}
    </section>
  );
}

function Checklist({ items }: { items: string[] }): React.JSX.Element {
  const [done, setDone] = useState<boolean[]>(() => items.map(() => false));
  return (
    <ul className="checklist">
      {items.map((item, i) => (
        <li key={i}>
          <label>
            <input type="checkbox" checked={done[i] ?? false} onChange={() => setDone(done.map((d, j) => (j === i ? !d : d)))} />{' '}
            <Markdown text={item} inline />
          </label>
        </li>
      ))}
    </ul>
  );
}

/** The rollback snapshots taken before this step changed anything. */
function StepSnapshots({ view, stepId }: { view: SessionView; stepId: string }): React.JSX.Element | null {
  const taken = view.snapshots.filter((s) => s.stepId === stepId);
  if (taken.length === 0) return null;
  return (
    <ul className="snapshots muted small" aria-label="Snapshots">
      {taken.map((s) => (
        <li key={s.id}>
          <Icon name="snapshot" label={null} /> Snapshot before this step: <code>{s.storeId}</code> ({s.store === 'git' ? 'git ref' : 'folder store'}, {s.fileCount} files
          {s.leftOut.length > 0 ? `, ${s.leftOut.length} left out` : ''}), {new Date(s.createdAt).toLocaleTimeString()}
        </li>
      ))}
    </ul>
  );
}
