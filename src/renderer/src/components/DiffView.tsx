import type { EditPreviewResult } from '../../../shared/contract';

/** Unified diffs, one file each, coloured by line. */
export function DiffView({ files }: { files: EditPreviewResult['files'] }): React.JSX.Element {
  return (
    <div className="diff" data-testid="diff">
      {files.map((f) => (
        <section key={f.file} className="diff-file">
          <header>
            <code>{f.file}</code>
            <span className="add">+{f.additions}</span>
            <span className="del">−{f.deletions}</span>
          </header>
          <pre>
            {hunkLines(f.diff).map((line, i) => (
                <div key={i} className={lineClass(line)}>
                  {line.replace(/\r$/, '') || ' '}
                </div>
              ))}
          </pre>
        </section>
      ))}
    </div>
  );
}

/** The diff's lines from the first hunk on: the file name is shown above. */
function hunkLines(diff: string): string[] {
  const lines = diff.replace(/\n$/, '').split('\n');
  return lines.slice(Math.max(0, lines.findIndex((l) => l.startsWith('@@'))));
}

function lineClass(line: string): string {
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  if (line.startsWith('\\')) return 'meta';
  return 'ctx';
}
