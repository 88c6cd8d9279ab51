// What `stepwise snapshots` prints for people (--json prints the records).
import type { RestoreResult, SnapshotSummary } from '../../shared/contract';
import { formatBytes, formatTimestamp } from '../../shared/format';
import type { RestoreRecord } from '../../shared/model';
import type { FileChanges } from '../../core/snapshots/fileChanges';
import { formatTable } from '../table';

export function formatSnapshotTable(snapshots: SnapshotSummary[], restores: RestoreRecord[]): string {
  if (snapshots.length === 0) return 'No snapshots in this session yet.\n';
  const header = ['ID', 'TIME', 'KIND', 'STEP', 'FILES', 'CHANGED', 'SIZE', 'LABEL'];
  const rows = snapshots.map((s) => [
    `#${s.id}`,
    formatTimestamp(s.createdAt),
    s.kind,
    s.stepId ?? '-',
    String(s.fileCount),
    s.changedFiles === null ? '?' : String(s.changedFiles),
    formatBytes(s.bytes),
    s.label,
  ]);
  let out = `${formatTable(header, rows, { rule: false })}\n`;
  out += '(CHANGED: files that differ from the project as it is now)\n';
  if (restores.length > 0) {
    out += '\nRestores:\n';
    for (const r of restores) {
      const files = r.mode === 'files' ? ` ${r.files.join(', ')}` : '';
      const error = r.error ? `: ${r.error}` : '';
      out += `  #${r.id}  ${formatTimestamp(r.startedAt)}  snapshot #${r.snapshotId} (${r.mode}${files})  ${r.status}${error}\n`;
    }
  }
  return out;
}

export function formatDiff({ files }: FileChanges, { stat }: { stat: boolean }): string {
  if (files.length === 0) return 'No differences.\n';
  if (stat) {
    const width = Math.max(...files.map((f) => f.path.length));
    const lines = files.map((f) => {
      const counts = f.binary ? 'binary' : f.status === 'mode' ? 'mode' : `+${f.additions} -${f.deletions}`;
      return ` ${f.path.padEnd(width)} | ${counts} (${f.status})`;
    });
    const additions = files.reduce((sum, f) => sum + f.additions, 0);
    const deletions = files.reduce((sum, f) => sum + f.deletions, 0);
    return `${lines.join('\n')}\n ${files.length} file${files.length === 1 ? '' : 's'} changed, ${additions} insertions(+), ${deletions} deletions(-)\n`;
  }
  return files
    .map((f) => {
      if (f.binary) return `Binary file ${f.path} ${f.status}\n`;
      if (f.status === 'mode') return `Mode of ${f.path} changed (executable bit)\n`;
      return f.diff || `${f.path} ${f.status} (diff left out: too large)\n`;
    })
    .join('');
}

export function formatRestore({ restore, safety }: RestoreResult, ms: number, rebuild: string | null): string {
  const what = restore.mode === 'files' ? `files ${restore.files.join(', ')} of snapshot` : restore.mode === 'emergency' ? 'the manifests of snapshot' : 'snapshot';
  const undo = restore.mode === 'files' ? ` --files ${restore.files.join(',')}` : restore.mode === 'emergency' ? ' --emergency' : '';
  let out = `Restored ${what} #${restore.snapshotId} in ${ms} ms (restore #${restore.id}, ${restore.status}).\n`;
  out += `The project as it was just before is snapshot #${safety.id}; to undo: stepwise snapshots restore ${safety.id}${undo}\n`;
  const commands = [...restore.toolchainCommands, ...(rebuild ? [rebuild] : [])];
  if (commands.length > 0) {
    out += `\nTo bring the toolchain back${rebuild ? ' and rebuild' : ''}, run:\n`;
    for (const command of commands) out += `  ${command}\n`;
  }
  return out;
}
