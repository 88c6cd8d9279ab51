// A run's kept output as lines, a window at a time: a page shows 300,000
// lines by asking for the ones on screen. A finished run's output never
// changes, so its lines are split once and kept for the next windows; a
// running run's are read again each time.
import { stripAnsi } from '../../shared/ansi';
import type { RunLines } from '../../shared/contract';
import type { RunOutputSizes } from '../../shared/model';
import { CUT_LINE } from '../terminals/outputCapture';

export interface KeptOutput {
  output: string;
  sizes: RunOutputSizes | null;
  finished: boolean;
}

/** As the page always showed it: no colours, every line ending a \n. */
export function outputLines(output: string): string[] {
  // A long output often has neither: each pass over 10 MB is skipped when there is nothing to remove.
  const plain = output.includes('\x1b') || output.includes('\x9b') ? stripAnsi(output) : output;
  return (plain.includes('\r') ? plain.replace(/\r\n?/g, '\n') : plain).split('\n');
}

const ELLIPSIS = '…'.charCodeAt(0);

interface SplitOutput {
  lines: string[];
  sizes: RunOutputSizes | null;
  cutAt: number | null;
}

/** How many finished runs' lines are kept: the one open in the page, and the one before it. */
const KEPT_RUNS = 2;

export class RunOutputLines {
  private readonly kept = new Map<number, SplitOutput>();

  constructor(private readonly read: (runId: number) => KeptOutput) {}

  window(runId: number, offset: number, limit: number, find?: string): RunLines {
    const { lines, sizes, cutAt } = this.linesOf(runId);
    const wanted = find?.trim();
    const foundAt = wanted ? lines.findIndex((line) => line.trim() === wanted) : -1;
    return {
      runId,
      totalLines: lines.length,
      offset,
      lines: lines.slice(offset, offset + limit),
      foundAt: foundAt < 0 ? null : foundAt,
      cutAt,
      sizes,
    };
  }

  private linesOf(runId: number): SplitOutput {
    const cached = this.kept.get(runId);
    if (cached) {
      // Most recently used last, so the oldest is the first to go.
      this.kept.delete(runId);
      this.kept.set(runId, cached);
      return cached;
    }
    const { output, sizes, finished } = this.read(runId);
    const lines = outputLines(output);
    // Only an output kept in part has the line (runs from before sizes were kept may); the '…' is checked first, cheaply.
    const maybeCut = sizes === null || sizes.keptBytes < sizes.totalBytes;
    const cut = maybeCut ? lines.findIndex((line) => line.charCodeAt(0) === ELLIPSIS && CUT_LINE.test(line)) : -1;
    const split = { lines, sizes, cutAt: cut < 0 ? null : cut };
    if (finished) {
      this.kept.set(runId, split);
      for (const old of this.kept.keys()) {
        if (this.kept.size <= KEPT_RUNS) break;
        this.kept.delete(old);
      }
    }
    return split;
  }
}
