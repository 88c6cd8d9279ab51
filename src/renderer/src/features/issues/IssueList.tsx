// The Issues panel's list: groups and their issues, of which only those on
// screen are drawn and fetched. The engine counts the groups (issues.groups)
// and sends a group's issues a page at a time (issues.page); both are cached
// under the session's issue key, which an `issues.changed` event invalidates.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { IssueFilter, IssueGroup, IssueGrouping } from '../../../../shared/contract';
import type { IssueRecord } from '../../../../shared/model';
import { usePagedItems } from '../../ui/usePagedItems';
import { VirtualRow } from '../../ui/VirtualRow';

/** Issues per request: several screens, so scrolling asks the engine rarely. */
export const ISSUES_PER_PAGE = 100;
const HEADER_PX = 30;
const ISSUE_PX = 58;

export type IssuePageFetcher = (q: { filter: IssueFilter; grouping: IssueGrouping; group: string; offset: number; limit: number }) => Promise<IssueRecord[]>;

/** Where each group starts in the flat list of headers and issues. */
interface Slot {
  group: IssueGroup;
  /** -1: the group's header; else the issue's place in its group. */
  index: number;
}

function layout(groups: readonly IssueGroup[]): { starts: number[]; count: number } {
  const starts: number[] = [];
  let count = 0;
  for (const group of groups) {
    starts.push(count);
    count += 1 + group.count;
  }
  return { starts, count };
}

/** The group whose header is at or before `at` (binary search over the starts). */
function slotAt(groups: readonly IssueGroup[], starts: readonly number[], at: number): Slot {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= at) low = mid;
    else high = mid - 1;
  }
  return { group: groups[low] as IssueGroup, index: at - (starts[low] as number) - 1 };
}

export interface IssueListProps {
  /** The session's issue cache key: ['session', id, 'issues']. */
  queryKey: readonly unknown[];
  filter: IssueFilter;
  grouping: IssueGrouping;
  groups: readonly IssueGroup[];
  fetchPage: IssuePageFetcher;
  groupLabel: (key: string) => string;
  renderIssue: (issue: IssueRecord) => React.JSX.Element;
}

export function IssueList({ queryKey, filter, grouping, groups, fetchPage, groupLabel, renderIssue }: IssueListProps): React.JSX.Element {
  const scroller = useRef<HTMLDivElement>(null);
  const { starts, count } = layout(groups);
  // TanStack Virtual returns fresh functions each render; this component is left to plain React, not memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: (at) => (slotAt(groups, starts, at).index < 0 ? HEADER_PX : ISSUE_PX),
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems().map((item) => ({ item, slot: slotAt(groups, starts, item.index) }));
  const issueAt = usePagedItems<IssueRecord>(
    [...queryKey, 'page', filter, grouping],
    ISSUES_PER_PAGE,
    items.filter(({ slot }) => slot.index >= 0).map(({ slot }) => ({ part: slot.group.key, index: slot.index })),
    (group, offset, limit) => fetchPage({ filter, grouping, group, offset, limit }),
  );

  return (
    <div ref={scroller} className="issue-scroll">
      <div role="list" className="issue-list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map(({ item, slot }) => {
          const issue = slot.index < 0 ? undefined : issueAt({ part: slot.group.key, index: slot.index });
          return (
            <VirtualRow key={`${slot.group.key}\u0000${slot.index}`} item={item} virtualizer={virtualizer}>
              {slot.index < 0 ? (
                <h4 className="issue-group">
                  {groupLabel(slot.group.key)} <span className="count">{slot.group.count}</span>
                </h4>
              ) : issue ? (
                renderIssue(issue)
              ) : (
                <li className="issue issue-loading" aria-busy="true">
                  Loading…
                </li>
              )}
            </VirtualRow>
          );
        })}
      </div>
    </div>
  );
}
