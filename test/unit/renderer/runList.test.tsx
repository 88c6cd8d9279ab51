// @vitest-environment happy-dom
// The Journal on 10,000 runs: a screenful drawn, the first page fetched, a
// page far down fetched when scrolled to, and the empty state when none ran.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/shared/model';
import { RUNS_PER_PAGE, RunList } from '../../../src/renderer/src/features/journal/RunList';

const run = (i: number): RunRecord => ({
  id: i + 1, sessionId: 1, stepId: null, origin: 'typed', terminal: null, command: `echo ${i}`, cwd: '/p', startedAt: '', endedAt: '', exitCode: 0, durationMs: 1, status: 'passed',
});

function renderRuns(total: number): { asked: number[] } {
  const asked: number[] = [];
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RunList
        queryKey={['session', 1, 'runs']}
        fetchPage={async (offset, limit) => {
          asked.push(offset);
          return { total, runs: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => run(offset + i)) };
        }}
        renderRun={(r) => <li>{r.command}</li>}
        empty={<p>Nothing run yet.</p>}
      />
    </QueryClientProvider>,
  );
  return { asked };
}

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 520 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 400 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 52 });
});
afterEach(cleanup);

describe('RunList', () => {
  it('draws a screenful of 10,000 runs from the first page', async () => {
    const { asked } = renderRuns(10_000);
    await screen.findByText('echo 0');
    expect(document.querySelectorAll('[data-index]').length).toBeLessThan(30);
    expect(asked).toEqual([0]);
  });

  it('fetches the page scrolled to, and only it', async () => {
    const { asked } = renderRuns(10_000);
    await screen.findByText('echo 0');
    const scroller = document.querySelector('.run-scroll') as HTMLElement;
    act(() => {
      scroller.scrollTop = 9_050 * 52; // a screen and its overscan, all inside the page from 9,000
      fireEvent.scroll(scroller);
    });
    await waitFor(() => expect(screen.getByText('echo 9055')).toBeTruthy());
    expect(asked).toEqual([0, Math.floor(9_000 / RUNS_PER_PAGE) * RUNS_PER_PAGE]);
  });

  it('says so when nothing ran', async () => {
    renderRuns(0);
    await screen.findByText('Nothing run yet.');
  });
});
