// How far a cargo build has got, read from what cargo itself prints in a
// terminal: a `Compiling x v1.2.3` line per crate, and the progress bar it
// redraws in place with `\r` (`Building [=====>     ] 12/40: x, y`).
import { stripAnsi } from '../../shared/ansi';
import type { BuildProgress } from '../../shared/contract';

export type { BuildProgress };

const COMPILING = /^\s*Compiling (\S+) v\S+/;
const BAR = /Building \[[=> -]*\] (\d+)\/(\d+)/;
/** In text without its line end yet, the counts are whole only once the `:` after them is there. */
const WHOLE_BAR = /Building \[[=> -]*\] \d+\/\d+:/;
/** Longest text kept while waiting for a line end: a bar is redrawn, never this long. */
const MAX_PARTIAL = 4096;

export class CargoProgress {
  private partial = '';
  private compiled = 0;
  private bar: { done: number; total: number } | null = null;
  private current: string | null = null;

  /** Reads a chunk of raw terminal output; true when the progress changed. */
  push(chunk: string): boolean {
    const segments = (this.partial + chunk).split(/\r\n|\r|\n/);
    this.partial = (segments.pop() ?? '').slice(-MAX_PARTIAL);
    let changed = false;
    for (const raw of segments) changed = this.segment(stripAnsi(raw)) || changed;
    // A bar is drawn without a line end: read it as soon as its counts are whole.
    const partial = stripAnsi(this.partial);
    if (WHOLE_BAR.test(partial)) changed = this.segment(partial) || changed;
    return changed;
  }

  get progress(): BuildProgress {
    return { done: this.bar?.done ?? this.compiled, total: this.bar?.total ?? null, current: this.current };
  }

  private segment(text: string): boolean {
    const compiling = COMPILING.exec(text);
    if (compiling) {
      this.compiled += 1;
      this.current = compiling[1] ?? null;
      return true;
    }
    const bar = BAR.exec(text);
    if (!bar) return false;
    const done = Number(bar[1]);
    const total = Number(bar[2]);
    if (this.bar?.done === done && this.bar.total === total) return false;
    this.bar = { done, total };
    return true;
  }
}
