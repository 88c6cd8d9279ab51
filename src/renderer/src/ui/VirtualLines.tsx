// Many lines of text (a run's output), of which only those on screen are in
// the page: the engine sends them a window at a time as the user scrolls,
// and each window is cached by its query key. Lines wrap; each row is
// measured once drawn, so a long line takes the room it needs. A caller that
// needs more of the first window (a run's sizes) reads it from the same
// cache entry: its key plus 'first'.
import { useQuery } from '@tanstack/react-query';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import { usePagedItems } from './usePagedItems';
import { VirtualRow } from './VirtualRow';

/** Lines per request: a few screens, so scrolling asks the engine rarely. */
export const LINES_PER_WINDOW = 400;
const LINE_PX = 17;

export interface LineWindow {
  totalLines: number;
  lines: string[];
}

export interface VirtualLinesProps {
  /** The cache key of this text; each window adds its index. */
  queryKey: readonly unknown[];
  fetchWindow: (offset: number, limit: number) => Promise<LineWindow>;
  /** A line to scroll to, centred and always drawn (where an issue starts). */
  focusLine?: number | null;
  /** Lines always drawn, wherever the user has scrolled (the mark where the middle was cut). */
  pinnedLines?: readonly number[];
  lineClassName?: (line: string, index: number) => string | undefined;
  className?: string;
}

export function VirtualLines({ queryKey, fetchWindow, focusLine = null, pinnedLines = [], lineClassName, className }: VirtualLinesProps): React.JSX.Element {
  const scroller = useRef<HTMLDivElement>(null);
  const first = useQuery({ queryKey: [...queryKey, 'first'], queryFn: () => fetchWindow(0, LINES_PER_WINDOW), staleTime: Infinity });
  const total = first.data?.totalLines ?? 0;
  const always = [focusLine, ...pinnedLines].filter((i): i is number => i !== null && i >= 0 && i < total);
  const alwaysKey = always.join(',');
  const rangeExtractor = useCallback(
    (range: Range) => [...new Set([...defaultRangeExtractor(range), ...alwaysKey.split(',').filter(Boolean).map(Number)])].sort((a, b) => a - b),
    [alwaysKey],
  );
  // TanStack Virtual returns fresh functions each render; this component is left to plain React, not memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_PX,
    overscan: 40,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  // The first window's lines come from the query above, which tells the total.
  const pagedLine = usePagedItems<string>(
    queryKey,
    LINES_PER_WINDOW,
    items.filter((item) => item.index >= LINES_PER_WINDOW).map((item) => ({ part: '', index: item.index })),
    async (_part, offset, limit) => (await fetchWindow(offset, limit)).lines,
  );
  const lineAt = (index: number): string | undefined =>
    index < LINES_PER_WINDOW ? first.data?.lines[index] : pagedLine({ part: '', index });

  useEffect(() => {
    if (focusLine !== null && focusLine < total) virtualizer.scrollToIndex(focusLine, { align: 'center' });
  }, [focusLine, total, virtualizer]);

  if (first.error) return <p className="error">{(first.error as Error).message}</p>;
  if (!first.data) return <pre className={className}>Loading…</pre>;
  return (
    <div ref={scroller} className={className} data-total-lines={total}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const line = lineAt(item.index);
          return (
            <VirtualRow
              key={item.key}
              item={item}
              virtualizer={virtualizer}
              className={line === undefined ? 'line-loading' : lineClassName?.(line, item.index)}
            >
              {line || ' '}
            </VirtualRow>
          );
        })}
      </div>
    </div>
  );
}
