// @vitest-environment happy-dom
// The Issues panel's list on 100,000 issues in 400 groups: a screenful drawn,
// only the pages on screen fetched, each group headed by its label and count,
// and scrolling far down fetches that group's page, not the ones between.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IssueGroup } from '../../../src/shared/contract';
import type { IssueRecord } from '../../../src/shared/model';
import { ISSUES_PER_PAGE, IssueList, type IssuePageFetcher } from '../../../src/renderer/src/features/issues/IssueList';

const GROUPS: IssueGroup[] = Array.from({ length: 400 }, (_, g) => ({ key: `src/module_${g}.rs`, count: 250 }));

function issue(group: string, index: number): IssueRecord {
  return {
    id: index + 1, sessionId: 1, runId: 5, firstRunId: 5, stepId: null, severity: 'warning', tool: 'rustc', code: 'unused_variables',
    message: `${group} #${index}`, file: group, line: 1, column: 1, rendered: '', createdAt: '', updatedAt: '', fingerprint: '',
    state: 'open', occurrences: 1, note: null, wontfixReason: null, fixedByRunId: null, fixDiff: null, known: null,
  };
}

function renderList(): { asked: { group: string; offset: number }[] } {
  const asked: { group: string; offset: number }[] = [];
  const fetchPage: IssuePageFetcher = async ({ group, offset, limit }) => {
    asked.push({ group, offset });
    const count = GROUPS.find((g) => g.key === group)?.count ?? 0;
    return Array.from({ length: Math.max(0, Math.min(limit, count - offset)) }, (_, i) => issue(group, offset + i));
  };
  render(
    <QueryClientProvider client={new QueryClient()}>
      <IssueList
        queryKey={['session', 1, 'issues']}
        filter="live"
        grouping="file"
        groups={GROUPS}
        fetchPage={fetchPage}
        groupLabel={(key) => key || 'No file'}
        renderIssue={(i) => <li className="issue">{i.message}</li>}
      />
    </QueryClientProvider>,
  );
  return { asked };
}

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 400 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 58 });
});
afterEach(cleanup);

describe('IssueList', () => {
  it('draws a screenful of 100,000 issues and fetches one page', async () => {
    const { asked } = renderList();
    await screen.findByText('src/module_0.rs #0');
    expect(screen.getByRole('heading', { name: /src\/module_0\.rs/ }).textContent).toBe('src/module_0.rs 250');
    expect(document.querySelectorAll('[data-index]').length).toBeLessThan(40);
    expect(asked).toEqual([{ group: 'src/module_0.rs', offset: 0 }]);
  });

  it('scrolled far down, fetches the page on screen only', async () => {
    const { asked } = renderList();
    await screen.findByText('src/module_0.rs #0');
    const scroller = document.querySelector('.issue-scroll') as HTMLElement;
    // Rows not yet drawn take their estimate (a 30 px header, 58 px issues): 120 issues into group 300 is its second page.
    const at = 300 * (30 + 250 * 58) + 30 + 120 * 58;
    act(() => {
      scroller.scrollTop = at;
      fireEvent.scroll(scroller);
    });
    await waitFor(() => expect(screen.getByText('src/module_300.rs #120')).toBeTruthy());
    expect(asked).toContainEqual({ group: 'src/module_300.rs', offset: ISSUES_PER_PAGE });
    expect(asked.length).toBeLessThan(5);
  });
});
