import { useMemo } from 'react';
import { parseFileDiff, splitRows, type DiffLine } from '../../../shared/diffRows';
import type { FileChangeStatus } from '../../../shared/model';
import { languageOf, tokenize, type Language } from '../../../shared/syntaxTokens';

export interface DiffFile {
  file: string;
  /** Unified diff of this one file. */
  diff: string;
  additions: number;
  deletions: number;
  status?: FileChangeStatus;
  binary?: boolean;
}

export type DiffLayout = 'unified' | 'split';

/** Diffs, one file each, line-numbered and syntax-coloured; unified or side by side. */
export function DiffView({ files, layout = 'unified' }: { files: DiffFile[]; layout?: DiffLayout }): React.JSX.Element {
  return (
    <div className={`diff diff-${layout}`} data-testid="diff" data-layout={layout}>
      {files.map((f) => (
        <FileDiff key={f.file} file={f} layout={layout} />
      ))}
    </div>
  );
}

function FileDiff({ file, layout }: { file: DiffFile; layout: DiffLayout }): React.JSX.Element {
  const parsed = useMemo(() => parseFileDiff(file.diff), [file.diff]);
  const language = languageOf(file.file);
  return (
    <section className="diff-file" data-file={file.file}>
      <header>
        <code>{file.file}</code>
        {file.status && <span className={`file-status status-${file.status}`}>{file.status}</span>}
        <span className="add">+{file.additions}</span>
        <span className="del">−{file.deletions}</span>
      </header>
      {parsed.notes.map((note) => (
        <div key={note} className="diff-note">
          {note}
        </div>
      ))}
      {parsed.lines.length > 0 &&
        (layout === 'split' ? <SplitLines lines={parsed.lines} language={language} /> : <UnifiedLines lines={parsed.lines} language={language} />)}
    </section>
  );
}

const PREFIX: Record<DiffLine['kind'], string> = { add: '+', del: '-', ctx: ' ', hunk: '', meta: '' };

function UnifiedLines({ lines, language }: { lines: DiffLine[]; language: Language | null }): React.JSX.Element {
  return (
    <pre>
      {lines.map((line, i) => (
        <div key={i} className={line.kind}>
          <LineNumber n={line.oldNo} />
          <LineNumber n={line.newNo} />
          <span className="code">
            {PREFIX[line.kind]}
            <Coloured line={line} language={language} />
          </span>
        </div>
      ))}
    </pre>
  );
}

function SplitLines({ lines, language }: { lines: DiffLine[]; language: Language | null }): React.JSX.Element {
  const rows = useMemo(() => splitRows(lines), [lines]);
  const side = (line: DiffLine | null, n: number | null): React.JSX.Element[] => [
    <td key="n" className={`ln-cell ${line?.kind ?? 'empty'}`}>
      <LineNumber n={n} />
    </td>,
    <td key="c" className={`code ${line?.kind ?? 'empty'}`}>
      {line && <Coloured line={line} language={language} />}
    </td>,
  ];
  return (
    <table className="split">
      <colgroup>
        <col className="ln-col" />
        <col />
        <col className="ln-col" />
        <col />
      </colgroup>
      <tbody>
        {rows.map((row, i) =>
          'span' in row ? (
            <tr key={i}>
              <td colSpan={4} className={row.span.kind}>
                {row.span.text}
              </td>
            </tr>
          ) : (
            <tr key={i}>
              {side(row.left, row.left?.oldNo ?? null)}
              {side(row.right, row.right?.newNo ?? null)}
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

/** Drawn from an attribute by CSS: numbers stay out of copied text and out of the page's text. */
function LineNumber({ n }: { n: number | null }): React.JSX.Element {
  return <span className="ln" data-n={n ?? ''} aria-hidden="true" />;
}

function Coloured({ line, language }: { line: DiffLine; language: Language | null }): React.ReactNode {
  if (line.kind === 'hunk' || line.kind === 'meta') return line.text;
  if (!line.text) return ' ';
  return tokenize(line.text, language).map((token, i) =>
    token.kind === 'plain' ? token.text : (
      <span key={i} className={`tk-${token.kind}`}>
        {token.text}
      </span>
    ),
  );
}
