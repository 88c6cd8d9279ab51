import { useState } from 'react';
import type { SessionView } from '../../../../shared/model';
import type { ShipResult } from '../../../../shared/ship/shipReport';
import { engine } from '../../engine/client';

/**
 * The session as a git branch of the project's repository, with the
 * pull-request text to open it with: made with git plumbing, so the user's
 * files, index and current branch stay as they are.
 */
export function ShipBranch({ view }: { view: SessionView }): React.JSX.Element {
  const [branch, setBranch] = useState(`stepwise/session-${view.session.id}`);
  const [force, setForce] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; result: ShipResult } | { kind: 'error'; text: string }>({ kind: 'idle' });
  const ship = async (): Promise<void> => {
    setState({ kind: 'busy' });
    try {
      const result = await engine().client.request('guide.ship', { sessionId: view.session.id, branch: branch.trim(), force });
      setState({ kind: 'done', result });
    } catch (error) {
      setState({ kind: 'error', text: (error as Error).message });
    }
  };
  return (
    <section className="ship-branch" aria-label="Ship as a git branch">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void ship();
        }}
      >
        <label className="small" htmlFor="ship-branch-name">
          Ship as branch
        </label>
        <input id="ship-branch-name" aria-label="Branch name" value={branch} onChange={(e) => setBranch(e.target.value)} spellCheck={false} />
        <label className="small">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> replace it if it exists
        </label>
        <button type="submit" disabled={!branch.trim() || state.kind === 'busy'}>
          {state.kind === 'busy' ? 'Making the branch…' : 'Make branch'}
        </button>
      </form>
      {state.kind === 'idle' && (
        <p className="muted small">
          One commit per step that changed files, formatting in its own commit (listed in .git-blame-ignore-revs), what no step changed last.
          Your files, index and current branch are not touched.
        </p>
      )}
      {state.kind === 'error' && (
        <p className="error" role="alert">
          {state.text}
        </p>
      )}
      {state.kind === 'done' && <Shipped result={state.result} />}
    </section>
  );
}

function Shipped({ result }: { result: ShipResult }): React.JSX.Element {
  const { report, pr } = result;
  return (
    <div data-testid="shipped">
      <p className="ok small" role="status">
        {report.replaced ? 'Replaced' : 'Made'} <code>{report.branch}</code>: {report.commits.length} commit{report.commits.length === 1 ? '' : 's'} on{' '}
        <code>{report.base.commit.slice(0, 12)}</code> ({report.base.from})
      </p>
      <ol className="shipped-commits small">
        {report.commits.map((c) => (
          <li key={c.sha} data-kind={c.kind}>
            <code>{c.sha.slice(0, 12)}</code> {c.subject} <span className="muted">({c.files.length} file{c.files.length === 1 ? '' : 's'})</span>
          </li>
        ))}
      </ol>
      {report.notes.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
      <details>
        <summary className="small">Pull-request text</summary>
        <button type="button" className="ghost small" onClick={() => void navigator.clipboard?.writeText(pr)}>
          Copy
        </button>
        <pre className="guide-preview pr-text">{pr}</pre>
      </details>
    </div>
  );
}
