import { useState } from 'react';
import { canPickFolder, useAppInfo, usePickAndOpen, useRecentProjects } from '../../app/queries';
import { useApp } from '../../app/store';
import { useShortcut } from '../../ui/useShortcut';

export function Welcome(): React.JSX.Element {
  const recent = useRecentProjects();
  const appInfo = useAppInfo();
  const connection = useApp((s) => s.connection);
  const { open, pickAndOpen } = usePickAndOpen();
  const openProject = (path: string): void => open.mutate({ path });
  const opening = open.isPending;
  const openError = open.error?.message ?? null;
  const [path, setPath] = useState('');
  const bridge = canPickFolder();

  useShortcut('mod+o', () => (bridge ? void pickAndOpen() : document.getElementById('project-path')?.focus()));

  return (
    <main className="welcome">
      <div className="welcome-card">
        <h1>
          <span className="logo">◆</span> Stepwise
        </h1>
        <p className="lede">
          A guided toolchain upgrade: each step runs in a real terminal, and everything that happens is journaled into
          your migration guide.
        </p>
        <form
          className="open-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) openProject(path.trim());
          }}
        >
          <label htmlFor="project-path">Project folder</label>
          <div className="row">
            <input
              id="project-path"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder="/home/you/src/your-project"
              spellCheck={false}
              autoFocus
            />
            {bridge && (
              <button type="button" onClick={() => void pickAndOpen()} title="Choose a folder (Ctrl+O)">
                Browse…
              </button>
            )}
            <button type="submit" className="primary" disabled={opening || !path.trim() || connection !== 'open'}>
              {opening ? 'Opening…' : 'Open project'}
            </button>
          </div>
          {openError && (
            <p className="error" role="alert">
              {openError}
            </p>
          )}
        </form>
        <section className="recent">
          <h2>Recent projects</h2>
          {recent.length === 0 ? (
            <p className="empty">No projects yet. Open a Rust project folder above to start an upgrade session.</p>
          ) : (
            <ul>
              {recent.map((p) => (
                <li key={p.id}>
                  <button type="button" className="link" onClick={() => openProject(p.path)}>
                    <strong>{p.name}</strong>
                    <span className="muted">{p.path}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        {appInfo && (
          <footer className="muted small">
            Stepwise {appInfo.version} · journal {appInfo.journalPath}
          </footer>
        )}
      </div>
    </main>
  );
}
