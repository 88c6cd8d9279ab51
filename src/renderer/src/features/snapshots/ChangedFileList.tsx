import type { FileChange } from '../../../../shared/model';

const STATUS_LETTER: Record<FileChange['status'], string> = { added: 'A', modified: 'M', deleted: 'D', mode: 'X' };

interface Props {
  files: FileChange[];
  truncated: boolean;
  /** The ticked paths; null: no checkboxes (nothing to restore from this comparison). */
  selected: Set<string> | null;
  onSelect(selected: Set<string>): void;
}

/** The files of a comparison with their status and line counts; ticked ones are restored by "Restore selected". */
export function ChangedFileList({ files, truncated, selected, onSelect }: Props): React.JSX.Element {
  const allTicked = selected !== null && selected.size === files.length;
  const toggle = (path: string): void => {
    const next = new Set(selected);
    if (!next.delete(path)) next.add(path);
    onSelect(next);
  };
  return (
    <table className="file-list" aria-label="Changed files">
      <thead>
        <tr>
          {selected && (
            <th>
              <input type="checkbox" aria-label="Select all files" checked={allTicked} onChange={() => onSelect(new Set(allTicked ? [] : files.map((f) => f.path)))} />
            </th>
          )}
          <th colSpan={2}>
            {files.length} file{files.length === 1 ? '' : 's'} changed
            {truncated && <span className="warn-text"> (some diffs left out: too large)</span>}
          </th>
          <th className="num">+/−</th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <tr key={f.path} data-path={f.path} className={selected?.has(f.path) ? 'ticked' : undefined}>
            {selected && (
              <td>
                <input type="checkbox" aria-label={`Select ${f.path}`} checked={selected.has(f.path)} onChange={() => toggle(f.path)} />
              </td>
            )}
            <td className={`file-status status-${f.status}`} title={f.status}>
              {STATUS_LETTER[f.status]}
            </td>
            <td>
              <button type="button" className="link file-link" onClick={() => scrollToFile(f.path)} title="Show its diff">
                {f.path}
              </button>
            </td>
            <td className="num">
              {f.binary ? (
                <span className="muted">binary</span>
              ) : (
                <>
                  <span className="add-count">+{f.additions}</span> <span className="del-count">−{f.deletions}</span>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function scrollToFile(path: string): void {
  document.querySelector(`.diff-file[data-file="${CSS.escape(path)}"]`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
}
