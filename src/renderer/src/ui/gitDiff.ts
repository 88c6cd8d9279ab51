import type { EditPreviewResult } from '../../../shared/contract';

/** Splits a multi-file `git diff` into one entry per file, for DiffView. */
export function splitGitDiff(diff: string): EditPreviewResult['files'] {
  const files: EditPreviewResult['files'] = [];
  for (const part of diff.split(/^(?=diff --git )/m)) {
    if (!part.startsWith('diff --git ')) continue;
    const file = /^\+\+\+ b\/(.*)$/m.exec(part)?.[1] ?? /^--- a\/(.*)$/m.exec(part)?.[1] ?? part.slice(11, part.indexOf('\n'));
    const body = part.slice(Math.max(0, part.search(/^@@/m)));
    const lines = body.split('\n');
    files.push({
      file,
      diff: part,
      additions: lines.filter((l) => l.startsWith('+')).length,
      deletions: lines.filter((l) => l.startsWith('-')).length,
    });
  }
  return files;
}
