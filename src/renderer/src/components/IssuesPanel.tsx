import { useState } from 'react';
import type { IssueRecord, SessionView } from '../../../shared/model';

export function IssuesPanel({ view }: { view: SessionView }): React.JSX.Element {
  const titles = new Map(view.plan.phases.flatMap((p) => p.steps.map((s) => [s.id, s.title])));
  if (view.issues.length === 0) {
    return (
      <p className="empty">No issues yet. Errors and warnings that cargo, rustc and the shell print are listed here.</p>
    );
  }
  const errors = view.issues.filter((i) => i.severity === 'error');
  const warnings = view.issues.filter((i) => i.severity === 'warning');
  return (
    <div className="issues" aria-label="Issues">
      <p className="muted small">
        {errors.length} error{errors.length === 1 ? '' : 's'}, {warnings.length} warning{warnings.length === 1 ? '' : 's'}
      </p>
      <ul>
        {[...errors, ...warnings].map((issue) => (
          <IssueRow key={issue.id} issue={issue} stepTitle={issue.stepId ? titles.get(issue.stepId) : undefined} />
        ))}
      </ul>
    </div>
  );
}

function IssueRow({ issue, stepTitle }: { issue: IssueRecord; stepTitle?: string }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const location = issue.file ? `${issue.file}:${issue.line ?? '?'}:${issue.column ?? '?'}` : null;
  return (
    <li className={`issue severity-${issue.severity}`}>
      <button type="button" className="issue-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className={`sev sev-${issue.severity}`}>{issue.severity}</span>
        {issue.code && <code className="issue-code">{issue.code}</code>}
        <span className="issue-message">{issue.message}</span>
      </button>
      <div className="muted small">
        {location && <code>{location}</code>} {location && '· '}
        {stepTitle ? `step: ${stepTitle}` : 'typed command'} · run #{issue.runId}
      </div>
      {open && <pre className="output">{issue.rendered}</pre>}
    </li>
  );
}
