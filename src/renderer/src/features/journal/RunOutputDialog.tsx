import { useEffect, useRef, useState } from 'react';
import { stripAnsi } from '../../../../shared/ansi';
import { formatBytes } from '../../../../shared/format';
import type { RunOutputSizes } from '../../../../shared/model';
import { engine } from '../../engine/client';
import { useShortcut } from '../../ui/useShortcut';

/** The line the engine puts where it cut a long output (core/terminal/outputCapture.ts). */
const CUT_LINE = /^… .+ not kept \([\d,]+ bytes\) …$/;

/** A run's output as the journal keeps it (its head and tail past a few MB), scrolled to (and marking) the line an issue starts at. */
export function RunOutputDialog({ runId, highlight, onClose }: { runId: number; highlight: string; onClose: () => void }): React.JSX.Element {
  const [lines, setLines] = useState<string[] | null>(null);
  const [sizes, setSizes] = useState<RunOutputSizes | null>(null);
  const [error, setError] = useState<string | null>(null);
  const marked = useRef<HTMLDivElement>(null);
  useShortcut('escape', onClose);
  useEffect(() => {
    engine()
      .client.request('run.output', { runId })
      .then((r) => {
        setSizes(r.sizes);
        setLines(stripAnsi(r.output).replace(/\r\n?/g, '\n').split('\n'));
      })
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
        {sizes && sizes.keptBytes < sizes.totalBytes && (
          <p className="muted">
            It printed {formatBytes(sizes.totalBytes)}: its first and last lines are kept ({formatBytes(sizes.keptBytes)}), the middle is not.
          </p>
        )}
        <pre className="guide-preview run-output">
          {lines === null
            ? 'Loading…'
            : lines.map((line, i) => (
                <div key={i} ref={i === at ? marked : undefined} className={i === at ? 'mark-line' : CUT_LINE.test(line) ? 'cut-line' : undefined}>
                  {line || ' '}
                </div>
              ))}
        </pre>
      </div>
    </div>
  );
}
