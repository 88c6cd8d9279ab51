// The line parsers behind OutputParser, on the verbatim samples of
// /work/shared/knowledge/rust-upgrade-facts.md and on the forms no capture
// here could produce (older tools, tools not installed).
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/shared/model';
import { auditReportDiagnostics } from '../../src/core/diagnostics/cargoAudit';
import { cargoJsonDiagnostics } from '../../src/core/diagnostics/cargoJson';
import { JsonCollector } from '../../src/core/diagnostics/jsonLines';
import { LibtestParser } from '../../src/core/diagnostics/libtest';
import type { LineParser } from '../../src/core/diagnostics/lines';
import { NextestParser } from '../../src/core/diagnostics/nextest';
import { parseOutput } from '../../src/core/diagnostics/outputParser';
import { RustfmtParser } from '../../src/core/diagnostics/rustfmt';
import { TestTally } from '../../src/core/diagnostics/testTally';

/** Feeds lines to one parser: what it found and which lines it claimed. */
function feed(parser: LineParser, lines: string[]): { found: Diagnostic[]; claimed: string[] } {
  const found: Diagnostic[] = [];
  const claimed = lines.filter((line) => parser.line(line, found));
  parser.end(found);
  return { found, claimed };
}

const brief = (d: Diagnostic) => ({ severity: d.severity, tool: d.tool, code: d.code, message: d.message });
const parse = (...lines: string[]) => parseOutput(`${lines.join('\n')}\n`);

describe('libtest', () => {
  it('reads a panic with or without the thread id (Rust 1.95 / older)', () => {
    for (const thread of ["thread 'tests::bad' (8651)", "thread 'tests::bad'"]) {
      const tally = new TestTally();
      const { found } = feed(new LibtestParser(tally), [
        'test tests::bad ... FAILED',
        `${thread} panicked at src/lib.rs:33:16:`,
        'index out of bounds: the len is 3 but the index is 7',
        '',
        'test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
      ]);
      expect(found).toEqual([
        {
          severity: 'error',
          tool: 'libtest',
          code: null,
          message: 'tests::bad panicked: index out of bounds: the len is 3 but the index is 7',
          file: 'src/lib.rs',
          line: 33,
          column: 16,
          rendered: `${thread} panicked at src/lib.rs:33:16:\nindex out of bounds: the len is 3 but the index is 7`,
        },
      ]);
      expect(tally.summary()).toEqual({ passed: 1, failed: 2, ignored: 0, failures: ['tests::bad'] });
    }
  });

  it("reads Rust < 1.73's one-line panic", () => {
    const { found } = feed(new LibtestParser(new TestTally()), ["thread 'tests::bad' panicked at 'boom', src/lib.rs:3:5"]);
    expect(found).toMatchObject([{ message: 'tests::bad panicked: boom', file: 'src/lib.rs', line: 3, column: 5 }]);
  });

  it('reports a failed test that printed no panic', () => {
    const { found } = feed(new LibtestParser(new TestTally()), [
      'test tests::returns_err ... FAILED',
      'test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
    ]);
    expect(found.map(brief)).toEqual([{ severity: 'error', tool: 'libtest', code: null, message: 'test tests::returns_err failed' }]);
  });

  it('sums the counts of every test binary', () => {
    const result = parse(
      'test result: ok. 4 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s',
      'test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
    );
    expect(result.tests).toEqual({ passed: 5, failed: 2, ignored: 1, failures: [] });
  });

  it('drops "test failed, to rerun pass" when the failure was recorded, keeps it (with its cause) when not', () => {
    const recorded = parse(
      '     Running unittests src/lib.rs (target/debug/deps/q-1)',
      'test tests::bad ... FAILED',
      'test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
      'error: test failed, to rerun pass `--lib`',
    );
    expect(recorded.diagnostics.map(brief)).toEqual([{ severity: 'error', tool: 'libtest', code: null, message: 'test tests::bad failed' }]);

    // The binary died before libtest could report anything.
    const crashed = parse(
      '     Running tests/api.rs (target/debug/deps/api-2)',
      'error: test failed, to rerun pass `--test api`',
      '',
      'Caused by:',
      "  process didn't exit successfully: `target/debug/deps/api-2` (signal: 11, SIGSEGV: invalid memory reference)",
      '',
      '     Running tests/other.rs (target/debug/deps/other-3)',
    );
    expect(crashed.diagnostics).toMatchObject([{ severity: 'error', tool: 'cargo', code: null, message: 'test failed, to rerun pass `--test api`' }]);
    // The cause is part of the issue; cargo's next status line is not.
    expect(crashed.diagnostics[0]?.rendered).toMatch(/SIGSEGV: invalid memory reference\)$/);
  });
});

describe('nextest', () => {
  it('reads FAIL lines once each, and both forms of Summary', () => {
    const tally = new TestTally();
    const { found, claimed } = feed(new NextestParser(tally), [
      '        FAIL [  19.954s] server::organization test_authorization',
      '     Summary [   2.000s] 5 tests run: 5 passed, 0 skipped',
      'Summary [  15.750s] 8/10 tests run: 5 passed (1 slow, 1 flaky, 1 leaky), 2 failed, 1 exec failed, 1 timed out, 2 skipped',
      '        FAIL [  19.954s] server::organization test_authorization',
      'error: test run failed',
    ]);
    expect(found.map(brief)).toEqual([{ severity: 'error', tool: 'nextest', code: null, message: 'server::organization test_authorization failed' }]);
    expect(claimed).toHaveLength(5);
    // failed = 2 failed + 1 exec failed + 1 timed out; skipped counts as ignored.
    expect(tally.summary()).toEqual({ passed: 10, failed: 4, ignored: 2, failures: ['server::organization test_authorization'] });
  });

  it('reads timeouts and signals as failures, not retries', () => {
    const { found } = feed(new NextestParser(new TestTally()), [
      '     TIMEOUT [  60.002s] app tests::hangs',
      '     SIGSEGV [   0.120s] (3/10) app tests::crashes',
      '  TRY 2 FAIL [   0.010s] app tests::flaky',
    ]);
    expect(found.map((d) => d.message)).toEqual(['app tests::hangs timed out', 'app tests::crashes crashed (SIGSEGV)']);
  });
});

describe('cargo --message-format=json', () => {
  const message = (fields: object) => ({
    reason: 'compiler-message',
    package_id: 'path+file:///tmp/q#0.1.0',
    message: { $message_type: 'diagnostic', children: [], spans: [], code: null, ...fields },
  });

  it('takes level, code, message and the primary span; ignores unknown keys', () => {
    const value = message({
      rendered: '\x1b[33mwarning\x1b[0m: length comparison to zero\n',
      level: 'warning',
      message: 'length comparison to zero',
      code: { code: 'clippy::len_zero', explanation: null },
      spans: [
        { file_name: 'src/other.rs', line_start: 1, column_start: 1, is_primary: false },
        { file_name: 'src/lib.rs', line_start: 26, column_start: 64, is_primary: true },
      ],
      some_future_key: true,
    });
    expect(cargoJsonDiagnostics(value)).toEqual([
      {
        severity: 'warning',
        tool: 'clippy',
        code: 'clippy::len_zero',
        message: 'length comparison to zero',
        file: 'src/lib.rs',
        line: 26,
        column: 64,
        rendered: 'warning: length comparison to zero',
      },
    ]);
  });

  it('gives nothing for notes, build-finished and artifacts; null for other JSON', () => {
    expect(cargoJsonDiagnostics(message({ level: 'failure-note', message: 'For more information about this error, try `rustc --explain E0425`.' }))).toEqual([]);
    expect(cargoJsonDiagnostics({ reason: 'build-finished', success: false })).toEqual([]);
    expect(cargoJsonDiagnostics({ reason: 'compiler-artifact', target: {} })).toEqual([]);
    expect(cargoJsonDiagnostics({ vulnerabilities: {} })).toBeNull();
  });

  it('never reads a JSON line as text too', () => {
    const line = JSON.stringify(message({ level: 'error', message: 'error: x', rendered: 'error: x\n', code: { code: 'E0001' } }));
    expect(parse(line, '{"reason":"build-finished","success":false}').diagnostics.map(brief)).toEqual([
      { severity: 'error', tool: 'rustc', code: 'E0001', message: 'error: x' },
    ]);
  });
});

describe('JSON spanning lines', () => {
  const report = {
    vulnerabilities: {
      found: true,
      count: 1,
      list: [
        {
          advisory: { id: 'RUSTSEC-2020-0071', package: 'time', title: 'Potential segfault in the time crate' },
          versions: { patched: ['>=0.2.23'] },
          package: { name: 'time', version: '0.1.45' },
        },
      ],
    },
    warnings: { unmaintained: [], unsound: [{ kind: 'unsound', package: { name: 'x', version: '1.0.0' }, advisory: { id: 'RUSTSEC-2099-0001', title: 'Unsound {' } }], yanked: [] },
  };

  it('reads a pretty-printed cargo audit report like a one-line one', () => {
    const oneLine = parse(JSON.stringify(report));
    expect(oneLine.diagnostics.map(brief)).toEqual([
      { severity: 'error', tool: 'cargo-audit', code: 'RUSTSEC-2020-0071', message: 'time 0.1.45: Potential segfault in the time crate (patched: >=0.2.23)' },
      { severity: 'warning', tool: 'cargo-audit', code: 'RUSTSEC-2099-0001', message: 'x 1.0.0: Unsound { (unsound)' },
    ]);
    expect(parse(JSON.stringify(report, null, 2))).toEqual(oneLine);
    expect(auditReportDiagnostics({ reason: 'build-finished' })).toBeNull();
  });

  it('gives the lines of a stray `{` back as text', () => {
    const result = parse('{', 'error: could not find `Cargo.toml` in `/tmp/x` or any parent directory');
    expect(result.diagnostics.map(brief)).toEqual([
      { severity: 'error', tool: 'cargo', code: null, message: 'could not find `Cargo.toml` in `/tmp/x` or any parent directory' },
    ]);
    const collector = new JsonCollector();
    expect(collector.add('{ "a": 1,')).toBeNull();
    expect(collector.end()).toEqual({ value: undefined, lines: ['{ "a": 1,'] });
  });
});

describe('rustfmt', () => {
  it('reads both `Diff in` forms, one warning per file', () => {
    const { found, claimed } = feed(new RustfmtParser(), [
      'Diff in /p/src/lib.rs at line 12:',
      '-fn a(){}',
      'Diff in /p/src/lib.rs at line 40:',
      'Diff in /p/src/main.rs:3:',
    ]);
    expect(found.map((d) => [d.file, d.line, d.code])).toEqual([
      ['/p/src/lib.rs', 12, 'fmt'],
      ['/p/src/main.rs', 3, 'fmt'],
    ]);
    expect(claimed).toHaveLength(3);
  });
});

describe('cargo and rustup errors (verbatim from the facts file)', () => {
  it.each([
    [
      ["error: toolchain '1.81.0-x86_64-unknown-linux-gnu' is not installed", 'help: run `rustup toolchain install 1.81.0-x86_64-unknown-linux-gnu` to install it'],
      'rustup',
      'toolchain-not-installed',
    ],
    [["error: component 'rust-std' for target 'wasm32-wasi' is unavailable for download for channel 'stable'"], 'rustup', 'target-unsupported'],
    [["error: component 'rust-src' is unavailable for download for channel 'nightly-2025-01-01'"], 'rustup', 'component-unavailable'],
    [["error: could not download file from 'https://static.rust-lang.org/dist/channel-rust-1.81.0.toml.sha256' to '/tmp/x'"], 'rustup', 'download-failed'],
    [['error: failed to download file'], 'rustup', 'download-failed'],
    [['error: network failure: Couldn\'t resolve host name (Could not resolve host: static.rust-lang.org)'], 'rustup', 'download-failed'],
    [
      [
        'error: package `wasmtime v25.0.0` cannot be built because it requires rustc 1.78.0 or newer, while the currently active rustc version is 1.75.0',
        'Either upgrade to rustc 1.78.0 or newer, or use',
        'cargo update wasmtime@25.0.0 --precise ver',
      ],
      'cargo',
      'rust-version',
    ],
    [
      [
        'error: failed to parse manifest at `/home/u/.cargo/registry/src/index.crates.io-6f17d22bba15001f/wasmtime-34.0.0/Cargo.toml`',
        '',
        'Caused by:',
        '  feature `edition2024` is required',
        '',
        '  The package requires the Cargo feature called `edition2024`, but that feature is not stabilized in this version of Cargo (1.81.0 (2dbb1af80 2024-08-20)).',
      ],
      'cargo',
      'edition2024',
    ],
    [
      ['error: failed to get `wasmtime` as a dependency of package `pd v0.1.0 (/tmp/pd)`', '', 'Caused by:', '  failed to load source for dependency `wasmtime`'],
      'cargo',
      'dependency-resolution',
    ],
    [['error: failed to download `wasmtime v25.0.3`', '', 'Caused by:', '  attempting to make an HTTP request, but --offline was specified'], 'cargo', 'download-failed'],
  ])('%j: %s %s', (lines, tool, code) => {
    expect(parse(...lines).diagnostics).toMatchObject([{ severity: 'error', tool, code }]);
  });

  it('keeps the edition2024 cause in the message', () => {
    const [d] = parse('error: failed to parse manifest at `/x/Cargo.toml`', '', 'Caused by:', '  feature `edition2024` is required').diagnostics;
    expect(d?.message).toBe('failed to parse manifest at `/x/Cargo.toml`: feature `edition2024` is required');
  });
});

describe('make, docker, shell', () => {
  it.each([
    ['make: *** [Makefile:12: wasm-build] Error 101', 'make', null, 'Makefile', 12, 'target `wasm-build` failed: Error 101'],
    ['make[1]: *** [wasm] Error 2', 'make', null, null, null, 'target `wasm` failed: Error 2'],
    ["make: *** No rule to make target 'wasm'.  Stop.", 'make', null, null, null, "No rule to make target 'wasm'.  Stop."],
    [
      'ERROR: failed to solve: process "/bin/sh -c cargo build --release" did not complete successfully: exit code: 101',
      'docker',
      'build-failed',
      null,
      null,
      'failed to solve: process "/bin/sh -c cargo build --release" did not complete successfully: exit code: 101',
    ],
    ['bash: carg: command not found', 'shell', null, null, null, 'carg: command not found'],
  ])('%s', (line, tool, code, file, lineNo, message) => {
    expect(parse(line).diagnostics).toMatchObject([{ severity: 'error', tool, code, file, line: lineNo, message }]);
  });

  it('reads no issue in ordinary output', () => {
    expect(parse('Title: not an advisory', 'test result here', 'Summary of work', '{ not json', 'make me a sandwich')).toEqual({ diagnostics: [], tests: null, cutLines: { count: 0, first: [] } });
  });
});
