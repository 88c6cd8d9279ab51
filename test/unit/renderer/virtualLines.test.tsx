// @vitest-environment happy-dom
// The virtualised lines: only a screenful of 300,000 lines is drawn, the
// engine is asked only for the windows on screen, and a line asked for
// (where an issue starts) and the pinned ones are drawn wherever one scrolls.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LINES_PER_WINDOW, VirtualLines, type LineWindow } from '../../../src/renderer/src/ui/VirtualLines';

const TOTAL = 300_000;
const lineText = (i: number): string => (i === 150_000 ? '… 5 MiB not kept (5,242,880 bytes) …' : `line ${i}`);

/** The engine, as the page sees it: a window of lines, and every request it got. */
function fakeEngineOutput(): { fetchWindow: (offset: number, limit: number) => Promise<LineWindow>; asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    fetchWindow: async (offset, limit) => {
      asked.push(offset);
      const lines = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, i) => lineText(offset + i));
      return { totalLines: TOTAL, lines };
    },
  };
}

beforeAll(() => {
  // happy-dom lays nothing out: a browser's sizes, a 340 px scroller of 17 px lines.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 340 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 17 });
});
afterEach(cleanup);

function renderLines(props: Partial<Parameters<typeof VirtualLines>[0]> = {}): ReturnType<typeof fakeEngineOutput> {
  const engine = fakeEngineOutput();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <VirtualLines queryKey={['run', 1]} fetchWindow={engine.fetchWindow} className="output" {...props} />
    </QueryClientProvider>,
  );
  return engine;
}

describe('VirtualLines', () => {
  it('draws a screenful of 300,000 lines and asks for the first window only', async () => {
    const engine = renderLines();
    await screen.findByText('line 0');
    const drawn = document.querySelectorAll('[data-index]').length;
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(200);
    expect(engine.asked).toEqual([0]);
    expect(document.querySelector('[data-total-lines]')?.getAttribute('data-total-lines')).toBe(String(TOTAL));
  });

  it('draws the focused line and the pinned ones, fetching their windows', async () => {
    const cut = 150_000;
    const focus = 123_456;
    const engine = renderLines({ focusLine: focus, pinnedLines: [cut], lineClassName: (line) => (line.startsWith('…') ? 'cut-line' : undefined) });
    await screen.findByText(`line ${focus}`);
    await waitFor(() => expect(document.querySelector('.cut-line')?.textContent).toBe(lineText(cut)));
    expect(engine.asked).toContain(Math.floor(focus / LINES_PER_WINDOW) * LINES_PER_WINDOW);
    expect(engine.asked).toContain(Math.floor(cut / LINES_PER_WINDOW) * LINES_PER_WINDOW);
    expect(document.querySelectorAll('[data-index]').length).toBeLessThan(300);
  });

  it("says what went wrong when the engine refuses", async () => {
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <VirtualLines queryKey={['run', 2]} fetchWindow={() => Promise.reject(new Error('no run 2 in the journal'))} />
      </QueryClientProvider>,
    );
    await screen.findByText('no run 2 in the journal');
  });
});
