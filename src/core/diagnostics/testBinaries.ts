// Test counts per test binary, read as the output streams. Cargo announces
// each binary it runs (`Running unittests src/lib.rs (target/debug/deps/x-123)`,
// `Doc-tests x`); each section's libtest lines are counted on their own
// tally. A cargo-nextest run names the binary on every test's line instead
// (nextestBinaries.ts); the libtest output it shows of a failing test is
// that test's again, so inside a nextest run only nextest's lines count.
import type { Diagnostic, TestBinaryCounts } from '../../shared/model';
import { LibtestParser } from './libtest';
import { LineSplitter } from './lines';
import { NextestBinaries } from './nextestBinaries';
import { isNextestStart, readNextestStatus, readNextestSummary } from './nextestLines';
import { TestTally } from './testTally';

/** Cargo's `Running` line, not nextest's progress bar (`Running [ 00:00:01] 3/10: ...`). */
const BINARY = /^\s+(?:Running (?!\[)(.+?)(?: \(([^)]*)\))?|(Doc-tests (.+?)))\s*$/;
/** Output before cargo names a binary (a lone test binary run by hand). */
const UNNAMED = 'tests';

/** A binary cargo announced, and its crate when the line tells it. */
interface Announced {
  binary: string;
  crate?: string;
}

const stem = (path: string): string => (path.split(/[\\/]/).pop() ?? path).replace(/\.[^.]*$/, '');
const sameName = (a: string, b: string): boolean => a.replaceAll('-', '_') === b.replaceAll('-', '_');

/**
 * `unittests src/lib.rs (target/debug/deps/beta_core-88238a3ac0e85777)`: the
 * file cargo ran is named after the target, here the crate's library. For
 * `tests/it.rs` (`deps/it-…`) or `src/bin/x.rs` it is only the source file's
 * name again, which says nothing of the crate, so none is recorded.
 */
function crateOfRun(binary: string, path: string | undefined): string | undefined {
  if (!path) return undefined;
  const target = stem(path).replace(/-[0-9a-f]+$/, '');
  const source = binary.split(' ').pop() ?? binary;
  return target && !sameName(target, stem(source)) ? target : undefined;
}

function announced(line: RegExpExecArray): Announced {
  const [, running, path, docTests, docCrate] = line;
  if (docTests) return { binary: docTests, crate: docCrate };
  const binary = running ?? UNNAMED;
  const crate = crateOfRun(binary, path);
  return crate ? { binary, crate } : { binary };
}

interface Section {
  line(text: string): void;
  close(): TestBinaryCounts[];
}

class LibtestSection implements Section {
  private readonly tally = new TestTally();
  private readonly parser = new LibtestParser(this.tally);
  /** Panics become issues elsewhere (outputParser.ts); here only the counts matter. */
  private readonly unused: Diagnostic[] = [];

  constructor(private readonly name: Announced) {}

  line(text: string): void {
    this.parser.line(text, this.unused);
  }

  close(): TestBinaryCounts[] {
    this.parser.end(this.unused);
    const summary = this.tally.summary();
    return summary ? [{ ...this.name, passed: summary.passed, failed: summary.failed, ignored: summary.ignored, failing: summary.failures }] : [];
  }
}

class NextestSection implements Section {
  readonly run = new NextestBinaries();

  line(text: string): void {
    this.run.line(text);
  }

  close(): TestBinaryCounts[] {
    return this.run.counts();
  }
}

export class TestBinaryCounter {
  private readonly splitter = new LineSplitter();
  private readonly found: TestBinaryCounts[] = [];
  private current: Section = new LibtestSection({ binary: UNNAMED });

  push(chunk: string): void {
    for (const line of this.splitter.push(chunk)) this.line(line);
  }

  end(): TestBinaryCounts[] {
    for (const line of this.splitter.end()) this.line(line);
    this.found.push(...this.current.close());
    this.current = new LibtestSection({ binary: UNNAMED });
    return [...this.found];
  }

  private line(text: string): void {
    const binary = BINARY.exec(text);
    if (binary) return this.switchTo(new LibtestSection(announced(binary)));
    if (this.startsNextestRun(text)) this.switchTo(new NextestSection());
    this.current.line(text);
  }

  /** `Starting N tests across M binaries`, or nextest's first verdict or summary when its start was not seen. */
  private startsNextestRun(text: string): boolean {
    const current = this.current;
    const inRun = current instanceof NextestSection;
    if (isNextestStart(text)) return !inRun || current.run.summarized;
    return !inRun && (readNextestStatus(text) !== null || readNextestSummary(text) !== null);
  }

  private switchTo(next: Section): void {
    this.found.push(...this.current.close());
    this.current = next;
  }
}
