import { formatBytes } from '../../../../shared/format';
import { useShortcut } from '../../ui/useShortcut';
import { RunOutputLines, useRunLinesHead } from './RunOutputLines';

/** A run's output as the journal keeps it (its head and tail past a few MB), scrolled to (and marking) the line an issue starts at. */
export function RunOutputDialog({ runId, highlight, onClose }: { runId: number; highlight: string; onClose: () => void }): React.JSX.Element {
  useShortcut('escape', onClose);
  const { data, error } = useRunLinesHead(runId, highlight);
  const sizes = data?.sizes ?? null;
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label={`Output of run ${runId}`} onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>Output of run #{runId}</h2>
          <button type="button" className="ghost" onClick={onClose} aria-label="Close (Esc)">
            ✕
          </button>
        </header>
        {error && <p className="error">{error.message}</p>}
        {sizes && sizes.keptBytes < sizes.totalBytes && (
          <p className="muted">
            It printed {formatBytes(sizes.totalBytes)}: its first and last lines are kept ({formatBytes(sizes.keptBytes)}), the middle is not.
          </p>
        )}
        {!error && <RunOutputLines runId={runId} highlight={highlight} className="guide-preview run-output" />}
      </div>
    </div>
  );
}
