import { useMemo, useState } from 'react';
import type { IssueFilter, IssueGrouping } from '../../../../shared/contract';
import type { IssueRecord, SessionView } from '../../../../shared/model';
import { sessionKeys } from '../../engine/queryKeys';
import { DiffView } from '../../ui/DiffView';
import { splitGitDiff } from '../../ui/gitDiff';
import { Markdown } from '../../ui/Markdown';
import { RunOutputDialog } from '../journal/RunOutputDialog';
import { DiagnosticBlock } from './DiagnosticBlock';
import { IssueList } from './IssueList';
import { issuePageFetcher, useIssueActions, useIssueGroups } from './queries';

const FILTERS: { id: IssueFilter; label: string }[] = [
  { id: 'live', label: 'Open' },
  { id: 'resolved', label: 'Fixed' },
  { id: 'wontfix', label: "Won't fix" },
  { id: 'all', label: 'All' },
];

/** The session's issues, counted and grouped by the engine; only those on screen are fetched and drawn. */
export function IssuesPanel({ view }: { view: SessionView }): React.JSX.Element {
  const [filter, setFilter] = useState<IssueFilter>('live');
  const [grouping, setGrouping] = useState<IssueGrouping>('step');
  const sessionId = view.session.id;
  const { data, error } = useIssueGroups(sessionId, filter, grouping);
  const titles = useMemo(() => new Map(view.plan.phases.flatMap((p) => p.steps.map((s) => [s.id, s.title]))), [view.plan]);
  const fetchPage = useMemo(() => issuePageFetcher(sessionId), [sessionId]);
  if (error) return <p className="error">{error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  if (data.counts.all === 0) {
    return <p className="empty">No issues yet. Errors, warnings and failing tests in the output of every command are listed here.</p>;
  }
  const groupLabel = (key: string): string =>
    grouping === 'step' ? (key ? (titles.get(key) ?? key) : 'Typed commands') : grouping === 'file' ? key || 'No file' : key;

  return (
    <div className="issues" aria-label="Issues">
      <div className="issue-filters row">
        {FILTERS.map((f) => (
          <button key={f.id} type="button" className={filter === f.id ? 'chip active' : 'chip'} onClick={() => setFilter(f.id)} aria-pressed={filter === f.id}>
            {f.label} <span className="count">{data.counts[f.id]}</span>
          </button>
        ))}
        <span className="spacer" />
        <select aria-label="Group issues by" value={grouping} onChange={(e) => setGrouping(e.target.value as IssueGrouping)}>
          <option value="step">by step</option>
          <option value="file">by file</option>
          <option value="kind">by kind</option>
        </select>
      </div>
      {data.groups.length === 0 ? (
        <p className="empty">Nothing here.</p>
      ) : (
        <IssueList
          queryKey={sessionKeys.issues(sessionId)}
          filter={filter}
          grouping={grouping}
          groups={data.groups}
          fetchPage={fetchPage}
          groupLabel={groupLabel}
          renderIssue={(issue) => <IssueRow key={issue.id} issue={issue} />}
        />
      )}
    </div>
  );
}

function IssueRow({ issue }: { issue: IssueRecord }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const [showOutput, setShowOutput] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fixed, setFixed] = useState<string | null>(null);
  const location = issue.file ? `${issue.file}:${issue.line ?? '?'}:${issue.column ?? '?'}` : null;
  const act = (work: Promise<unknown>): void => void work.then(() => setError(null)).catch((e: Error) => setError(e.message));
  const actions = useIssueActions(issue.id);

  return (
    <li className={`issue severity-${issue.severity} state-${issue.state}`} data-issue-state={issue.state}>
      <button type="button" className="issue-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className={`sev sev-${issue.severity}`}>{issue.severity}</span>
        {issue.code && <code className="issue-code">{issue.code}</code>}
        <span className="issue-message">{issue.message}</span>
        <span className={`badge state-badge state-${issue.state}`}>{issue.state === 'wontfix' ? "won't fix" : issue.state}</span>
      </button>
      <div className="muted small">
        {location && <code>{location}</code>} {location && '· '}
        {issue.tool} · seen in {issue.occurrences} run{issue.occurrences === 1 ? '' : 's'}, last #{issue.runId}
      </div>
      {issue.known && (
        <div className="known" role="note">
          <strong>Known breakage: {issue.known.title}</strong>
          {open && (
            <>
              <Markdown text={issue.known.explanation} />
              <Markdown text={`**Fix:** ${issue.known.fix}`} />
            </>
          )}
          {issue.known.autofix && issue.state !== 'resolved' && (
            <div className="row">
              <button
                type="button"
                title={`${issue.known.autofix.description} A snapshot of the project is taken first.`}
                onClick={() =>
                  act(
                    actions
                      .autofix()
                      .then((r) => setFixed(`${r.summary} (snapshot ${r.snapshot.storeId} taken first)`)),
                  )
                }
              >
                {issue.known.autofix.kind === 'command' ? `Run \`${issue.known.autofix.command}\`` : issue.known.autofix.kind === 'declare-cfgs' ? 'Declare the cfgs in Cargo.toml' : 'Apply the fix'}
              </button>
              {fixed && <span className="ok small">{fixed}</span>}
            </div>
          )}
        </div>
      )}
      {open && (
        <div className="issue-body">
          <DiagnosticBlock text={issue.rendered} />
          {issue.state === 'resolved' && (
            <div className="fix">
              <p className="ok small">
                Fixed: run #{issue.fixedByRunId} no longer shows it
                {issue.fixDiff === null ? '.' : issue.fixDiff === '' ? ', and the project did not change in between.' : ', after this change:'}
              </p>
              {issue.fixDiff && <DiffView files={splitGitDiff(issue.fixDiff)} />}
            </div>
          )}
          {issue.wontfixReason && <p className="small">Won't fix: {issue.wontfixReason}</p>}
          <NoteEditor issue={issue} onSave={(note) => act(actions.annotate(note))} />
          <div className="row">
            {issue.file && (
              <button type="button" onClick={() => act(actions.openInEditor())}>
                Open in editor
              </button>
            )}
            <button type="button" onClick={() => setShowOutput(true)}>
              Show output
            </button>
            {issue.state === 'wontfix' ? (
              <button type="button" onClick={() => act(actions.wontfix(null))}>
                Reopen
              </button>
            ) : (
              <WontFix onConfirm={(reason) => act(actions.wontfix(reason))} />
            )}
          </div>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {showOutput && <RunOutputDialog runId={issue.runId} highlight={issue.rendered.split('\n')[0] ?? ''} onClose={() => setShowOutput(false)} />}
    </li>
  );
}

function NoteEditor({ issue, onSave }: { issue: IssueRecord; onSave: (note: string) => void }): React.JSX.Element {
  const [note, setNote] = useState(issue.note ?? '');
  return (
    <form
      className="row note"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(note);
      }}
    >
      <input aria-label="Note" placeholder="Add a note for the migration guide…" value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" disabled={note === (issue.note ?? '')}>
        Save note
      </button>
    </form>
  );
}

function WontFix({ onConfirm }: { onConfirm: (reason: string) => void }): React.JSX.Element {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        Won't fix…
      </button>
    );
  }
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) onConfirm(reason.trim());
      }}
    >
      <input aria-label="Reason" placeholder="Why not? (goes into the guide)" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      <button type="submit" disabled={!reason.trim()}>
        Confirm
      </button>
    </form>
  );
}
