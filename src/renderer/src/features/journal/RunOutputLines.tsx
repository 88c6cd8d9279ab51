// A run's kept output, drawn a screenful at a time (ui/VirtualLines) from the
// engine's `run.lines`: the line an issue starts at is marked and scrolled
// to, and the line where the engine cut a long output is always drawn.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { RunLines } from '../../../../shared/contract';
import { engine } from '../../engine/client';
import { LINES_PER_WINDOW, VirtualLines } from '../../ui/VirtualLines';

/** A finished run's output never changes: cached by run (and the line looked for), not by session. */
const runLinesKey = (runId: number, highlight: string): readonly unknown[] => ['run', runId, 'lines', highlight];

function fetcher(runId: number, highlight: string): (offset: number, limit: number) => Promise<RunLines> {
  return (offset, limit) => engine().client.request('run.lines', { runId, offset, limit, find: offset === 0 && highlight ? highlight : undefined });
}

/** The first window of a run's lines, with what the engine tells of the whole: its sizes, the line found, the cut. */
export function useRunLinesHead(runId: number, highlight = ''): { data: RunLines | undefined; error: Error | null } {
  const fetchWindow = useMemo(() => fetcher(runId, highlight), [runId, highlight]);
  // VirtualLines asks for the same first window under the same key: one request.
  const first = useQuery({ queryKey: [...runLinesKey(runId, highlight), 'first'], queryFn: () => fetchWindow(0, LINES_PER_WINDOW), staleTime: Infinity });
  return { data: first.data, error: first.error };
}

export function RunOutputLines({ runId, highlight = '', className }: { runId: number; highlight?: string; className: string }): React.JSX.Element {
  const fetchWindow = useMemo(() => fetcher(runId, highlight), [runId, highlight]);
  const { data } = useRunLinesHead(runId, highlight);
  const foundAt = data?.foundAt ?? null;
  const cutAt = data?.cutAt ?? null;
  const pinned = useMemo(() => (cutAt === null ? [] : [cutAt]), [cutAt]);
  return (
    <VirtualLines
      queryKey={runLinesKey(runId, highlight)}
      fetchWindow={fetchWindow}
      focusLine={foundAt}
      pinnedLines={pinned}
      lineClassName={(_, i) => (i === foundAt ? 'mark-line' : i === cutAt ? 'cut-line' : undefined)}
      className={className}
    />
  );
}
