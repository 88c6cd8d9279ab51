// The Journal's runs, of which only those on screen are drawn and fetched
// (runs.page, a page at a time, cached under the session's runs key, which a
// run's start or end invalidates). A row grows when its output is opened.
// Like a terminal: the newest at the bottom, followed while the list is
// scrolled to the bottom, with a "Jump to latest" once scrolled away.
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { RunRecord } from '../../../../shared/model';
import { usePagedItems } from '../../ui/usePagedItems';
import { VirtualRow } from '../../ui/VirtualRow';

/** Runs per request: several screens. */
export const RUNS_PER_PAGE = 200;
const RUN_PX = 52;
/** Within this many pixels of the bottom counts as at the bottom (following). */
const BOTTOM_SLACK_PX = 24;

export type RunPageFetcher = (offset: number, limit: number) => Promise<{ total: number; runs: RunRecord[] }>;

export interface RunListProps {
  /** The session's runs cache key: ['session', id, 'runs']. */
  queryKey: readonly unknown[];
  fetchPage: RunPageFetcher;
  renderRun: (run: RunRecord) => React.JSX.Element;
  /** Shown when the session has no run yet. */
  empty: React.JSX.Element;
}

export function RunList({ queryKey, fetchPage, renderRun, empty }: RunListProps): React.JSX.Element {
  const scroller = useRef<HTMLDivElement>(null);
  // The first page tells how many there are.
  const first = useQuery({ queryKey: [...queryKey, 'first'], queryFn: () => fetchPage(0, RUNS_PER_PAGE) });
  const total = first.data?.total ?? 0;
  // TanStack Virtual returns fresh functions each render; this component is left to plain React, not memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => RUN_PX, overscan: 6 });
  const items = virtualizer.getVirtualItems();
  const pagedRun = usePagedItems<RunRecord>(
    queryKey,
    RUNS_PER_PAGE,
    items.filter((item) => item.index >= RUNS_PER_PAGE).map((item) => ({ part: '', index: item.index })),
    async (_part, offset, limit) => (await fetchPage(offset, limit)).runs,
  );
  const runAt = (index: number): RunRecord | undefined => (index < RUNS_PER_PAGE ? first.data?.runs[index] : pagedRun({ part: '', index }));
  const following = useFollowLatest(scroller, total, (index) => virtualizer.scrollToIndex(index, { align: 'end' }));

  if (first.error) return <p className="error">{(first.error as Error).message}</p>;
  if (!first.data) return <p className="muted">Loading…</p>;
  if (total === 0) return empty;
  return (
    <div ref={scroller} className="run-scroll" onScroll={following.onScroll}>
      <ol className="journal" aria-label="Journal" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const run = runAt(item.index);
          return (
            <VirtualRow key={item.index} item={item} virtualizer={virtualizer}>
              {run ? renderRun(run) : <li className="run run-loading">Loading…</li>}
            </VirtualRow>
          );
        })}
      </ol>
      {!following.atBottom && (
        <button type="button" className="jump-latest" onClick={following.jump} title="Scroll to the newest run and follow new ones">
          ↓ Jump to latest
        </button>
      )}
    </div>
  );
}

/**
 * Follows the newest row while the list is at its bottom: when `total` grows,
 * or on first showing, it scrolls to the last row; scrolling up stops that
 * until the user scrolls back down or jumps.
 */
function useFollowLatest(
  scroller: React.RefObject<HTMLDivElement | null>,
  total: number,
  scrollToIndex: (index: number) => void,
): { atBottom: boolean; onScroll: () => void; jump: () => void } {
  const [atBottom, setAtBottom] = useState(true);
  const follow = useRef(true);
  const scrollTo = useRef(scrollToIndex);
  useEffect(() => {
    scrollTo.current = scrollToIndex;
  });
  useEffect(() => {
    if (follow.current && total > 0) scrollTo.current(total - 1);
  }, [total]);
  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
    follow.current = bottom;
    setAtBottom(bottom);
  };
  const jump = (): void => {
    follow.current = true;
    setAtBottom(true);
    if (total > 0) scrollTo.current(total - 1);
  };
  return { atBottom, onScroll, jump };
}
