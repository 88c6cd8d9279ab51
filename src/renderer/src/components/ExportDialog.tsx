import { useEffect, useState } from 'react';
import type { SessionView } from '../../../shared/model';
import { engine } from '../store/engine';
import { useShortcut } from './useShortcut';

export function ExportDialog({ view, onClose }: { view: SessionView; onClose: () => void }): React.JSX.Element {
  const [markdown, setMarkdown] = useState<string | null>(null);
  const [path, setPath] = useState(`${view.project.path}/MIGRATION_GUIDE.md`);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useShortcut('escape', onClose);

  useEffect(() => {
    engine()
      .client.request('guide.export', { sessionId: view.session.id })
      .then((r) => setMarkdown(r.markdown))
      .catch((e: Error) => setStatus({ kind: 'error', text: e.message }));
  }, [view]);

  const save = async (): Promise<void> => {
    try {
      const r = await engine().client.request('guide.export', { sessionId: view.session.id, outPath: path });
      setMarkdown(r.markdown);
      setStatus({ kind: 'ok', text: `Saved to ${r.path}` });
    } catch (e) {
      setStatus({ kind: 'error', text: (e as Error).message });
    }
  };
  const download = (): void => {
    if (markdown === null) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([markdown], { type: 'text/markdown' }));
    a.download = 'MIGRATION_GUIDE.md';
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="Export migration guide" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>Export migration guide</h2>
          <button type="button" className="ghost" onClick={onClose} aria-label="Close (Esc)">
            ✕
          </button>
        </header>
        <pre className="guide-preview" data-testid="guide-preview">
          {markdown ?? 'Rendering…'}
        </pre>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input aria-label="Save to" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
          <button type="submit" className="primary" disabled={!path.trim()}>
            Save
          </button>
          <button type="button" onClick={download} disabled={markdown === null}>
            Download
          </button>
        </form>
        {status && (
          <p className={status.kind === 'ok' ? 'ok' : 'error'} role="status">
            {status.text}
          </p>
        )}
      </div>
    </div>
  );
}
