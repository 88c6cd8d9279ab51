// OutputParser on real captured output (see test/fixtures/outputs/README.md):
// exact issues and test counts per capture, and the same answer however the
// stream is cut into chunks or whatever its line endings.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/shared/model';
import { OutputParser, parseOutput, type ParseResult } from '../../src/core/diagnostics/outputParser';

const DIR = fileURLToPath(new URL('../fixtures/outputs/', import.meta.url));
const output = (name: string): string => readFileSync(`${DIR}${name}`, 'utf8');

type Issue = Omit<Diagnostic, 'rendered'>;
type Row = [Diagnostic['severity'], string, string | null, string | null, number | null, number | null, string];
const issue = ([severity, tool, code, file, line, column, message]: Row): Issue => ({ severity, tool, code, file, line, column, message });
const issues = (result: ParseResult): Issue[] => result.diagnostics.map(({ rendered: _rendered, ...rest }) => rest);

/** Feeds the chunks in order; everything `push` returned, and the final result. */
function stream(...chunks: string[]): { pushed: Diagnostic[]; result: ParseResult } {
  const parser = new OutputParser();
  const pushed = chunks.flatMap((chunk) => parser.push(chunk));
  return { pushed, result: parser.end() };
}

const WASI_SPEC = 'error loading target specification: could not find specification for target "wasm32-wasi"';

/** Every capture, with the issues and test counts it must give. */
const GOLDEN: Record<string, { issues: Row[]; tests?: ParseResult['tests'] }> = {
  'cargo-test-failing.ansi.txt': {
    issues: [
      ['error', 'libtest', null, 'src/lib.rs', 25, 9, 'tests::bad panicked: assertion `left == right` failed: two and two'],
      ['error', 'libtest', null, 'src/lib.rs', 6, 5, 'api_ratio_by_zero panicked: attempt to divide by zero'],
    ],
    // Two binaries with tests (lib: 2 passed, 1 failed, 1 ignored; tests/api.rs: 1 and 1), and empty doc-tests.
    tests: { passed: 3, failed: 2, ignored: 1, failures: ['tests::bad', 'api_ratio_by_zero'] },
  },
  'cargo-test-backtrace.ansi.txt': {
    issues: [['error', 'libtest', null, 'src/lib.rs', 25, 9, 'tests::bad panicked: assertion `left == right` failed: two and two']],
    tests: { passed: 2, failed: 1, ignored: 1, failures: ['tests::bad'] },
  },
  'nextest-failing.txt': {
    issues: [['error', 'nextest', null, null, null, null, 'server::organization test_authorization failed']],
    tests: { passed: 5, failed: 4, ignored: 2, failures: ['server::organization test_authorization'] },
  },
  'clippy-deny-warnings.ansi.txt': {
    issues: [
      ['error', 'rustc', 'unused_variables', 'src/lib.rs', 14, 9, 'unused variable: `y`'],
      ['error', 'clippy', 'clippy::len_zero', 'src/lib.rs', 2, 5, 'length comparison to zero'],
      ['error', 'clippy', 'clippy::ptr_arg', 'src/lib.rs', 5, 22, 'writing `&Vec` instead of `&[_]` involves a new object where a slice will do'],
      ['error', 'clippy', 'clippy::needless_range_loop', 'src/lib.rs', 7, 14, 'the loop variable `i` is only used to index `values`'],
    ],
  },
  'clippy-len-zero.ansi.txt': { issues: [['warning', 'clippy', 'clippy::len_zero', 'src/lib.rs', 123, 5, 'length comparison to zero']] },
  'cargo-check-all-features.ansi.txt': {
    issues: [
      ['error', 'rustc', 'E0432', 'src/plugins.rs', 7, 5, 'unresolved import `wasmtime::WasiCtxBuilder`'],
      ['warning', 'rustc', 'unused_variables', 'src/plugins.rs', 15, 9, 'unused variable: `max_pages`'],
    ],
  },
  'cargo-nightly-check.ansi.txt': { issues: [['warning', 'rustc', 'unused_variables', 'src/lib.rs', 14, 9, 'unused variable: `y`']] },
  'cargo-check-json.ansi.txt': {
    issues: [
      ['error', 'rustc', 'E0425', 'src/lib.rs', 9, 5, 'cannot find value `missing_value` in this scope'],
      ['warning', 'rustc', 'deprecated', 'src/lib.rs', 1, 17, 'use of deprecated type alias `std::panic::PanicInfo`: use `PanicHookInfo` instead'],
      ['warning', 'rustc', 'deprecated', 'src/lib.rs', 3, 20, 'use of deprecated type alias `std::panic::PanicInfo`: use `PanicHookInfo` instead'],
      ['warning', 'rustc', 'unused_variables', 'src/lib.rs', 4, 9, 'unused variable: `unused`'],
    ],
  },
  'cargo-fmt-check.ansi.txt': {
    issues: [
      ['warning', 'rustfmt', 'fmt', '/tmp/sw-cap/fm/src/lib.rs', 1, null, 'not formatted: `cargo fmt` would change this file'],
      ['warning', 'rustfmt', 'fmt', '/tmp/sw-cap/fm/src/util.rs', 1, null, 'not formatted: `cargo fmt` would change this file'],
    ],
  },
  'cargo-plus-uninstalled.ansi.txt': {
    issues: [['error', 'rustup', 'toolchain-not-installed', null, null, null, "toolchain '1.81.0-x86_64-unknown-linux-gnu' is not installed"]],
  },
  'rustup-toolchain-install-offline.ansi.txt': {
    issues: [
      [
        'error',
        'rustup',
        'download-failed',
        null,
        null,
        null,
        "could not download file from 'https://static.rust-lang.org/dist/channel-rust-1.81.0.toml.sha256' to '/root/.rustup/tmp/mheo133dgda_qfq6_file': error downloading file: error sending request for url (https://static.rust-lang.org/dist/channel-rust-1.81.0.toml.sha256): client error (Connect): dns error: failed to lookup address information: Name or service not known",
      ],
    ],
  },
  'rustup-toolchain-install-backtrace.ansi.txt': {
    issues: [
      [
        'error',
        'rustup',
        'download-failed',
        null,
        null,
        null,
        "could not download file from 'https://static.rust-lang.org/dist/channel-rust-1.81.0.toml.sha256' to '/root/.rustup/tmp/gi9fr5m361gqjobt_file'",
      ],
    ],
  },
  'rustup-target-add-wasi.ansi.txt': {
    issues: [
      ['error', 'rustup', 'target-unsupported', null, null, null, "toolchain 'stable-x86_64-unknown-linux-gnu' does not support target 'wasm32-wasi'; did you mean 'wasm32-wasip1'?"],
    ],
  },
  // Only the first occurrence of each lint has a note: the others are named by clippy's link, the
  // `lint level is defined here` attribute, or the earlier occurrence of the same message.
  'clippy-lint-names.ansi.txt': {
    issues: [
      ['warning', 'clippy', 'clippy::must_use_candidate', 'src/lib.rs', 5, 8, 'this function could have a `#[must_use]` attribute'],
      ['warning', 'clippy', 'clippy::must_use_candidate', 'src/lib.rs', 6, 8, 'this function could have a `#[must_use]` attribute'],
      ['warning', 'clippy', 'clippy::must_use_candidate', 'src/lib.rs', 8, 8, 'this function could have a `#[must_use]` attribute'],
      ['warning', 'clippy', 'clippy::cast_lossless', 'src/lib.rs', 8, 31, 'casts from `u32` to `u64` can be expressed infallibly using `From`'],
      ['warning', 'clippy', 'clippy::must_use_candidate', 'src/lib.rs', 10, 8, 'this function could have a `#[must_use]` attribute'],
      ['warning', 'clippy', 'clippy::cast_lossless', 'src/lib.rs', 10, 32, 'casts from `u32` to `u64` can be expressed infallibly using `From`'],
      ['warning', 'rustc', 'missing_docs', 'src/lib.rs', 5, 1, 'missing documentation for a function'],
      ['warning', 'rustc', 'missing_docs', 'src/lib.rs', 6, 1, 'missing documentation for a function'],
    ],
  },
  'cargo-check-target-wasi.ansi.txt': { issues: [['error', 'rustc', 'target-unknown', null, null, null, WASI_SPEC]] },
  'rustc-target-wasi.ansi.txt': { issues: [['error', 'rustc', 'target-unknown', null, null, null, WASI_SPEC]] },
  'cargo-check-target-wasip1.ansi.txt': { issues: [['error', 'rustc', 'E0463', null, null, null, "can't find crate for `std`"]] },
  'cargo-offline-dependency.ansi.txt': {
    issues: [['error', 'cargo', 'dependency-resolution', null, null, null, 'no matching package named `wasmtime` found']],
  },
  'cargo-no-network-dependency.ansi.txt': {
    // The three `spurious network error` retry warnings are not issues: the error carries the cause.
    issues: [['error', 'cargo', 'dependency-resolution', null, null, null, 'failed to get `wasmtime` as a dependency of package `od v0.1.0 (/tmp/sw-cap/od)`']],
  },
  'cargo-msrv.ansi.txt': {
    issues: [['error', 'cargo', 'rust-version', null, null, null, 'rustc 1.95.0 is not supported by the following package: ms@0.1.0 requires rustc 1.99']],
  },
  'cargo-msrv-dependency.ansi.txt': {
    issues: [['error', 'cargo', 'rust-version', null, null, null, 'rustc 1.95.0 is not supported by the following package: msdep@0.3.1 requires rustc 1.99']],
  },
  'cargo-unstable-feature.ansi.txt': {
    issues: [
      ['error', 'cargo', 'test-dummy-unstable', null, null, null, 'failed to parse manifest at `/tmp/sw-cap/ed/Cargo.toml`: feature `test-dummy-unstable` is required'],
    ],
  },
  'cargo-edition-unknown.ansi.txt': {
    issues: [
      [
        'error',
        'cargo',
        'edition-unsupported',
        null,
        null,
        null,
        'failed to parse manifest at `/tmp/sw-cap/ed/Cargo.toml`: this version of Cargo is older than the `2027` edition',
      ],
    ],
  },
  'make-wasm-build.ansi.txt': {
    issues: [
      ['error', 'rustc', 'target-unknown', null, null, null, WASI_SPEC],
      ['error', 'make', null, 'Makefile', 10, null, 'target `wasm-build` failed: Error 101'],
    ],
  },
  'docker-build-no-daemon.txt': {
    issues: [['error', 'docker', 'daemon-unreachable', null, null, null, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?']],
  },
  'docker-run-no-daemon.txt': {
    issues: [['error', 'docker', 'daemon-unreachable', null, null, null, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?']],
  },
  'cargo-audit.json': {
    issues: [
      ['error', 'cargo-audit', 'RUSTSEC-2020-0071', 'Cargo.lock', null, null, 'time 0.1.45: Potential segfault in the time crate (patched: >=0.2.23)'],
      ['warning', 'cargo-audit', 'RUSTSEC-2021-0139', 'Cargo.lock', null, null, 'ansi_term 0.12.1: ansi_term is Unmaintained (unmaintained)'],
      ['warning', 'cargo-audit', 'yanked', 'Cargo.lock', null, null, 'zerocopy 0.7.31: yanked'],
    ],
  },
  'cargo-audit.txt': {
    issues: [
      ['error', 'cargo-audit', 'RUSTSEC-2020-0071', 'Cargo.lock', null, null, 'time 0.1.45: Potential segfault in the time crate (patched: >=0.2.23)'],
      ['warning', 'cargo-audit', 'RUSTSEC-2021-0139', 'Cargo.lock', null, null, 'ansi_term 0.12.1: ansi_term is Unmaintained (unmaintained)'],
    ],
  },
};

describe('OutputParser on captured output', () => {
  it('has a golden for every capture in test/fixtures/outputs', () => {
    // Files at the top level only: subfolders hold other suites' captures.
    const captures = readdirSync(DIR, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'README.md')
      .map((entry) => entry.name);
    expect(Object.keys(GOLDEN).sort()).toEqual(captures.sort());
  });

  it.each(Object.entries(GOLDEN))('%s', (name, golden) => {
    const result = parseOutput(output(name));
    expect(issues(result)).toEqual(golden.issues.map(issue));
    expect(result.tests).toEqual(golden.tests ?? null);
    for (const d of result.diagnostics) expect(d.rendered).not.toContain('\x1b');
  });

  it.each(Object.keys(GOLDEN))('%s: the same with \\r\\n line endings', (name) => {
    const text = output(name);
    expect(parseOutput(text.replaceAll('\n', '\r\n'))).toEqual(parseOutput(text));
  });

  it('keeps the whole block as rendered, without colours', () => {
    const [bad, divide] = parseOutput(output('cargo-test-failing.ansi.txt')).diagnostics;
    expect(bad?.rendered).toBe("thread 'tests::bad' (24894) panicked at src/lib.rs:25:9:\nassertion `left == right` failed: two and two\n  left: 4\n right: 5");
    expect(divide?.rendered).toBe("thread 'api_ratio_by_zero' (24897) panicked at src/lib.rs:6:5:\nattempt to divide by zero");
    const [json] = parseOutput(output('cargo-check-json.ansi.txt')).diagnostics;
    expect(json?.rendered).toMatch(/^error\[E0425\]: cannot find value `missing_value` in this scope\n --> src\/lib\.rs:9:5\n/);
    const [feature] = parseOutput(output('cargo-unstable-feature.ansi.txt')).diagnostics;
    // The cause's own second paragraph stays in the block.
    expect(feature?.rendered).toContain('\n\n  The package requires the Cargo feature called `test-dummy-unstable`');
  });
});

describe('OutputParser streaming', () => {
  it.each(['cargo-test-failing.ansi.txt', 'cargo-check-json.ansi.txt', 'clippy-deny-warnings.ansi.txt'])(
    '%s: the same result split in two at every position',
    (name) => {
      const text = output(name);
      const whole = stream(text);
      expect(whole.result.diagnostics.length).toBeGreaterThan(0);
      for (let i = 0; i <= text.length; i++) {
        const split = stream(text.slice(0, i), text.slice(i));
        // Compare cheaply, and let expect() print the difference only when there is one.
        if (JSON.stringify(split) !== JSON.stringify(whole)) {
          expect(split, `split at ${i}: ${JSON.stringify(text.slice(i - 5, i + 5))}`).toEqual(whole);
        }
      }
    },
  );

  it('gives the same result fed one character at a time', () => {
    const text = output('make-wasm-build.ansi.txt') + output('cargo-check-json.ansi.txt') + output('cargo-test-failing.ansi.txt');
    expect(stream(...text)).toEqual(stream(text));
  });

  it('returns each diagnostic once, from the push that completes it, and all of them from end()', () => {
    const text = output('cargo-test-failing.ansi.txt');
    const { pushed, result } = stream(...text.split(/(?<=\n)/));
    // The panic message ends at the `note: run with RUST_BACKTRACE` line: not before.
    const parser = new OutputParser();
    const note = text.indexOf('note: run with');
    expect(parser.push(text.slice(0, note))).toEqual([]);
    expect(parser.push(text.slice(note, note + 1))).toEqual([]);
    expect(parser.push(text.slice(note + 1, text.indexOf('\n', note) + 1))).toMatchObject([{ message: expect.stringMatching(/^tests::bad panicked/) }]);
    expect(pushed).toEqual(result.diagnostics);
  });
});
