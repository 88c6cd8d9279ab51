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
const BINARY = /^\s+(?:Running (?!\[)(.+?)(?: \([^)]*\))?|(Doc-tests .+?))\s*$/;
/** Output before cargo names a binary (a lone test binary run by hand). */
const UNNAMED = 'tests';

interface Section {
  line(text: string): void;
  close(): TestBinaryCounts[];
}

class LibtestSection implements Section {
  private readonly tally = new TestTally();
  private readonly parser = new LibtestParser(this.tally);
  /** Panics become issues elsewhere (outputParser.ts); here only the counts matter. */
  private readonly unused: Diagnostic[] = [];

  constructor(private readonly binary: string) {}

  line(text: string): void {
    this.parser.line(text, this.unused);
  }

  close(): TestBinaryCounts[] {
    this.parser.end(this.unused);
    const summary = this.tally.summary();
    return summary ? [{ binary: this.binary, passed: summary.passed, failed: summary.failed, ignored: summary.ignored, failing: summary.failures }] : [];
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
  private current: Section = new LibtestSection(UNNAMED);

  push(chunk: string): void {
    for (const line of this.splitter.push(chunk)) this.line(line);
  }

  end(): TestBinaryCounts[] {
    for (const line of this.splitter.end()) this.line(line);
    this.found.push(...this.current.close());
    this.current = new LibtestSection(UNNAMED);
    return [...this.found];
  }

  private line(text: string): void {
    const binary = BINARY.exec(text);
    if (binary) return this.switchTo(new LibtestSection(binary[1] ?? binary[2] ?? UNNAMED));
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

export function testsByBinary(output: string): TestBinaryCounts[] {
  const counter = new TestBinaryCounter();
  counter.push(output);
  return counter.end();
}
