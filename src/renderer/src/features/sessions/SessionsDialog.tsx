// The project's sessions: each with its plan, when it started, its progress
// and open issues; any one can be opened again, and a new one starts only
// after choosing its plan, saying what happens to the current one.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionSummary, SessionView } from '../../../../shared/model';
import { showSession } from '../../app/queries';
import { engine } from '../../engine/client';
import { appKeys } from '../../engine/queryKeys';
import { useShortcut } from '../../ui/useShortcut';
import { PlanPicker } from '../overview/PlanPicker';

export function SessionsDialog({ view, onClose }: { view: SessionView; onClose: () => void }): React.JSX.Element {
  const queryClient = useQueryClient();
  const projectId = view.project.id;
  const listed = useQuery({
    queryKey: appKeys.sessions(projectId),
    queryFn: () => engine().client.request('sessions.list', { projectId }),
    staleTime: 0,
  });
  const [choosingPlan, setChoosingPlan] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useShortcut('escape', onClose, !choosingPlan);

  const open = async (sessionId: number): Promise<void> => {
    try {
      showSession(queryClient, await engine().client.request('session.view', { sessionId }));
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (choosingPlan) return <PlanPicker projectPath={view.project.path} onClose={onClose} />;
  const sessions = listed.data ?? [];
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal sessions-dialog" role="dialog" aria-label="Sessions" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>Sessions of {view.project.name}</h2>
          <button type="button" className="ghost" onClick={onClose} aria-label="Close (Esc)">
            ✕
          </button>
        </header>
        {listed.isPending && <p className="muted">Loading…</p>}
        {listed.error && <p className="error">{listed.error.message}</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {sessions.length > 0 && (
          <table className="sessions-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Plan</th>
                <th>Started</th>
                <th>Progress</th>
                <th>Open issues</th>
                <th>Last activity</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <SessionRow key={s.id} session={s} current={s.id === view.session.id} onOpen={() => void open(s.id)} />
              ))}
            </tbody>
          </table>
        )}
        <div className="actions">
          <button type="button" className="primary" onClick={() => setChoosingPlan(true)}>
            New session…
          </button>
          <span className="muted small">
            A new session starts from a plan you choose. Session #{view.session.id} stays in the journal with its runs, snapshots, measurements and
            issues; open it again from here.
          </span>
        </div>
      </div>
    </div>
  );
}

function SessionRow({ session, current, onOpen }: { session: SessionSummary; current: boolean; onOpen: () => void }): React.JSX.Element {
  const { steps } = session;
  const outcome = [steps.failed > 0 && `${steps.failed} failed`, steps.stopped > 0 && `${steps.stopped} stopped`].filter(Boolean).map((part) => `, ${part}`).join('');
  return (
    <tr data-session-id={session.id} aria-current={current ? 'true' : undefined}>
      <td>{session.id}</td>
      <td>
        {session.planTitle}
        {session.planOrigin !== 'builtin' && <span className="muted small"> · {session.planOrigin}</span>}
      </td>
      <td className="small">{new Date(session.startedAt).toLocaleString()}</td>
      <td className="small">
        <progress max={Math.max(1, steps.total)} value={steps.passed} aria-label={`${steps.passed} of ${steps.total} steps passed`} /> {steps.passed} / {steps.total}
        {outcome}
      </td>
      <td className="num">{session.openIssues}</td>
      <td className="small">{new Date(session.lastActivityAt).toLocaleString()}</td>
      <td>
        {current ? (
          <span className="muted small">open now</span>
        ) : (
          <button type="button" onClick={onOpen}>
            Open
          </button>
        )}
      </td>
    </tr>
  );
}
