// A run's output a window of lines at a time: the line where the engine cut
// a long output is found once, so the page can keep it drawn wherever it scrolls.
import { describe, expect, it } from 'vitest';
import { RunOutputLines } from '../../src/core/runs/outputLines';
import { cutLine, OutputCapture } from '../../src/core/terminals/outputCapture';

function linesOf(output: string): RunOutputLines {
  return new RunOutputLines(() => ({ output, sizes: null, finished: true }));
}

describe('RunOutputLines', () => {
  it('tells where a long output was cut', () => {
    const capture = new OutputCapture(1_000, 1_000);
    for (let i = 0; i < 2_000; i++) capture.append(`\x1b[32mline ${i}\x1b[0m\r\n`);
    const { text, totalBytes, keptBytes } = capture.captured();
    const window = linesOf(text).window(1, 0, 10);
    expect(window.cutAt).not.toBeNull();
    const at = linesOf(text).window(1, window.cutAt!, 1);
    expect(at.lines).toEqual([cutLine(totalBytes - keptBytes)]);
  });

  it('has no cut in an output kept whole', () => {
    expect(linesOf('a\r\nb\r\n').window(1, 0, 10)).toMatchObject({ lines: ['a', 'b', ''], cutAt: null, foundAt: null });
  });
});
