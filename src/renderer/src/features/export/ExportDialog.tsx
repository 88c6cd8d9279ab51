import { useState } from 'react';
import { DEFAULT_GUIDE_OPTIONS, guideFileName, type GuideFormat, type GuideOptions } from '../../../../shared/guide';
import type { SessionView } from '../../../../shared/model';
import { useSessionViewRevision } from '../../app/queries';
import { GuideOptionsBar } from './GuideOptionsBar';
import { ShipBranch } from './ShipBranch';
import { PREVIEW_CHARS, useExportGuide, useGuidePreview } from './useGuidePreview';
import { useShortcut } from '../../ui/useShortcut';

const MIME: Record<GuideFormat, string> = { md: 'text/markdown', html: 'text/html', json: 'application/json', adr: 'text/markdown', plan: 'application/yaml' };

export function ExportDialog({ view, onClose }: { view: SessionView; onClose: () => void }): React.JSX.Element {
  const [format, setFormat] = useState<GuideFormat>('md');
  const [options, setOptions] = useState<GuideOptions>(DEFAULT_GUIDE_OPTIONS);
  const defaultPath = (f: GuideFormat): string => `${view.project.path}/${guideFileName(f)}`;
  const [path, setPath] = useState(defaultPath('md'));
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const preview = useGuidePreview(view.session.id, useSessionViewRevision(), format, options);
  const exportGuide = useExportGuide(view.session.id);
  useShortcut('escape', onClose);

  const chooseFormat = (f: GuideFormat): void => {
    // The suggested file follows the format until the user types a path of their own.
    if (path === defaultPath(format)) setPath(defaultPath(f));
    setFormat(f);
    setStatus(null);
  };
  const save = async (): Promise<void> => {
    try {
      const r = await exportGuide({ format, options, outPath: path });
      setStatus({ kind: 'ok', text: `Saved to ${r.path} (${(r.bytes ?? 0).toLocaleString('en')} bytes)` });
    } catch (e) {
      setStatus({ kind: 'error', text: (e as Error).message });
    }
  };
  const download = async (): Promise<void> => {
    try {
      const r = await exportGuide({ format, options });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([r.text ?? ''], { type: MIME[format] }));
      a.download = guideFileName(format);
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (e) {
      setStatus({ kind: 'error', text: (e as Error).message });
    }
  };

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal guide-modal" role="dialog" aria-label="Export migration guide" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>Export migration guide</h2>
          <span className="muted small" data-testid="guide-updated">
            {preview.rendering ? 'Updating…' : preview.renderedAt ? `Follows the session · updated ${preview.renderedAt.toLocaleTimeString()}` : ''}
          </span>
          <button type="button" className="ghost" onClick={onClose} aria-label="Close (Esc)">
            ✕
          </button>
        </header>
        <GuideOptionsBar format={format} options={options} onFormat={chooseFormat} onOptions={setOptions} />
        {preview.error && <p className="error">{preview.error}</p>}
        {format === 'html' && preview.text !== null ? (
          // No scripts, no same origin: the guide's own CSP forbids any request too.
          <iframe className="guide-frame" title="Guide preview" data-testid="guide-preview" sandbox="" srcDoc={preview.text} />
        ) : (
          <pre className="guide-preview" data-testid="guide-preview">
            {preview.text ?? 'Rendering…'}
          </pre>
        )}
        {preview.truncated && (
          <p className="muted small">The preview shows the first {PREVIEW_CHARS.toLocaleString('en')} characters; Save and Download write the whole guide.</p>
        )}
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
          <button type="button" onClick={() => void download()}>
            Download
          </button>
        </form>
        {status && (
          <p className={status.kind === 'ok' ? 'ok' : 'error'} role="status">
            {status.text}
          </p>
        )}
        <ShipBranch view={view} />
      </div>
    </div>
  );
}
