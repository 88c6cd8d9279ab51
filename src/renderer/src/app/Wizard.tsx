import { useState } from 'react';
import type { SessionView } from '../../../shared/model';
import { useCloseProject } from './queries';
import { useApp } from './store';
import { METRICS, MIGRATE, SNAPSHOTS } from './page';
import { ExportDialog } from '../features/export/ExportDialog';
import { MetricsPage } from '../features/metrics/MetricsPage';
import { MigratePage } from '../features/migrate/MigratePage';
import { Overview } from '../features/overview/Overview';
import { SessionsDialog } from '../features/sessions/SessionsDialog';
import { SnapshotsPage } from '../features/snapshots/SnapshotsPage';
import { StepDetail } from '../features/steps/StepDetail';
import { useShortcut } from '../ui/useShortcut';
import { Workspace } from './Workspace';

export function Wizard({ view }: { view: SessionView }): React.JSX.Element {
  const current = useApp((s) => s.page);
  const showPage = useApp((s) => s.showPage);
  const showAdjacentPage = useApp((s) => s.showAdjacentPage);
  const closeProject = useCloseProject();
  const [exporting, setExporting] = useState(false);
  const [listingSessions, setListingSessions] = useState(false);
  // Shift is part of each combo: plain Ctrl+E and Ctrl+O belong to the shell.
  useShortcut('mod+shift+e', () => setExporting(true));
  useShortcut('alt+arrowdown', () => showAdjacentPage(view, 1));
  useShortcut('alt+arrowup', () => showAdjacentPage(view, -1));
  useShortcut('mod+shift+o', () => closeProject());
  useShortcut('mod+shift+s', () => showPage(SNAPSHOTS));
  useShortcut('mod+shift+m', () => showPage(METRICS));
  useShortcut('mod+shift+d', () => showPage(MIGRATE));
  useShortcut('mod+shift+l', () => setListingSessions(true));
  // The overview and the steps have the journal and issues beside them; the snapshots, metrics and migration pages need the width.
  const page = current?.kind === 'snapshots' || current?.kind === 'metrics' || current?.kind === 'migrate' ? current.kind : 'steps';

  return (
    <div className={`wizard page-${page}`}>
      <header className="topbar">
        <span className="logo">◆</span>
        <strong>Stepwise</strong>
        <span className="sep">/</span>
        <span className="project" title={view.project.path}>
          {view.project.name}
        </span>
        <span className="muted small">
          session #{view.session.id} · {view.plan.title}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => setListingSessions(true)} title="This project's sessions: open any, or start a new one (Ctrl+Shift+L)">
          Sessions
        </button>
        <button type="button" onClick={closeProject} title="Open another project (Ctrl+Shift+O)">
          Projects
        </button>
        <button type="button" className="primary" onClick={() => setExporting(true)} title="Export the migration guide (Ctrl+Shift+E)">
          Export guide
        </button>
      </header>
      <Workspace view={view} withPanel={page === 'steps'}>
        {current?.kind === 'overview' ? (
          <Overview view={view} />
        ) : page === 'snapshots' ? (
          <SnapshotsPage view={view} />
        ) : page === 'metrics' ? (
          <MetricsPage view={view} />
        ) : page === 'migrate' ? (
          <MigratePage view={view} />
        ) : (
          <StepDetail view={view} stepId={current?.kind === 'step' ? current.stepId : null} />
        )}
      </Workspace>
      {exporting && <ExportDialog view={view} onClose={() => setExporting(false)} />}
      {listingSessions && <SessionsDialog view={view} onClose={() => setListingSessions(false)} />}
    </div>
  );
}
