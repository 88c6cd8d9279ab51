import { useEffect, useRef, useState } from 'react';
import { stripAnsi } from '../../../shared/ansi';
import { engine } from '../store/engine';
import { useShortcut } from './useShortcut';

/** A run's full output, scrolled to (and marking) the line an issue starts at. */
export function RunOutputDialog({ runId, highlight, onClose }: { runId: number; highlight: string; onClose: () => void }): React.JSX.Element {
  const [lines, setLines] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const marked = useRef<HTMLDivElement>(null);
  useShortcut('escape', onClose);
  useEffect(() => {
    engine()
      .client.request('run.output', { runId })
      .then((r) => setLines(stripAnsi(r.output).replace(/\r\n?/g, '\n').split('\n')))
      .catch((e: Error) => setError(e.message));
  }, [runId]);
  useEffect(() => marked.current?.scrollIntoView({ block: 'center' }), [lines]);
  const at = lines?.findIndex((l) => highlight && l.trim() === highlight.trim()) ?? -1;
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label={`Output of run ${runId}`} onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>Output of run #{runId}</h2>
          <button type="button" className="ghost" onClick={onClose} aria-label="Close (Esc)">
            ✕
          </button>
        </header>
        {error && <p className="error">{error}</p>}
        <pre className="guide-preview">
          {lines === null
            ? 'Loading…'
            : lines.map((line, i) => (
                <div key={i} ref={i === at ? marked : undefined} className={i === at ? 'mark-line' : undefined}>
                  {line || ' '}
                </div>
              ))}
        </pre>
      </div>
    </div>
  );
}
