// Test counts per test binary. Cargo announces each binary it runs
// (`Running unittests src/lib.rs (target/debug/deps/x-123)`, `Doc-tests x`);
// each section's libtest lines are counted on their own tally. nextest prints
// one summary for the whole run, so a nextest run is one entry, `nextest`.
import type { Diagnostic, TestBinaryCounts } from '../../shared/model';
import { LibtestParser } from './libtest';
import { LineSplitter, type LineParser } from './lines';
import { NextestParser } from './nextest';
import { TestTally } from './testTally';

const BINARY = /^\s+(?:Running (.+?)(?: \([^)]*\))?|(Doc-tests .+?))\s*$/;
const NEXTEST = /^\s*(?:Starting|Summary) \[?/;

interface Section {
  binary: string;
  tally: TestTally;
  parsers: LineParser[];
}

function section(binary: string): Section {
  const tally = new TestTally();
  return { binary, tally, parsers: [new LibtestParser(tally), new NextestParser(tally)] };
}

export function testsByBinary(output: string): TestBinaryCounts[] {
  const splitter = new LineSplitter();
  const lines = [...splitter.push(output), ...splitter.end()];
  const found: TestBinaryCounts[] = [];
  const ignoredDiagnostics: Diagnostic[] = [];
  let current = section('tests');
  const close = (): void => {
    for (const parser of current.parsers) parser.end(ignoredDiagnostics);
    const summary = current.tally.summary();
    if (summary) found.push({ binary: current.binary, passed: summary.passed, failed: summary.failed, ignored: summary.ignored, failing: summary.failures });
  };
  for (const line of lines) {
    const binary = BINARY.exec(line);
    if (binary) {
      close();
      current = section(binary[1] ?? binary[2] ?? 'tests');
      continue;
    }
    if (current.binary === 'tests' && NEXTEST.test(line)) current.binary = 'nextest';
    for (const parser of current.parsers) parser.line(line, ignoredDiagnostics);
  }
  close();
  return found;
}
