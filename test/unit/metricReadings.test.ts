import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOutput } from '../../src/core/diagnostics/outputParser';
import { testsByBinary } from '../helpers/testsByBinary';
import { artifactNames, parseWorkspaceTargets } from '../../src/core/metrics/artifacts';
import { CargoProgress } from '../../src/core/metrics/cargoProgress';
import { median } from '../../src/core/metrics/metricValues';
import { pickNumber, readAudit, readImageSize } from '../../src/core/metrics/readings';
import { parseToolchainList } from '../../src/core/toolchain/rustup';
import { formatBytes, formatChange, formatMetric } from '../../src/shared/format';

const CARGO_TEST = `   Compiling photondrift v0.1.0 (/tmp/p)
    Finished \`test\` profile [unoptimized + debuginfo] target(s) in 0.67s
     Running unittests src/lib.rs (target/debug/deps/photondrift-bd2db50eb87ac70c)

running 3 tests
test tests::a ... ok
test tests::bad ... FAILED
test tests::slow ... ignored

failures:

---- tests::bad stdout ----

thread 'tests::bad' (8651) panicked at src/lib.rs:33:16:
assertion failed
note: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace


failures:
    tests::bad

test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

     Running tests/cli.rs (target/debug/deps/cli-0a1b2c)

running 2 tests
test parses ... ok
test prints ... ok

test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s

   Doc-tests photondrift

running 0 tests

test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

error: 1 target failed:
    \`--lib\`
`;

describe('test counts per binary', () => {
  it('splits cargo test output at each binary, with the failing tests by name', () => {
    expect(testsByBinary(CARGO_TEST)).toEqual([
      { binary: 'unittests src/lib.rs', crate: 'photondrift', passed: 1, failed: 1, ignored: 1, failing: ['tests::bad'] },
      { binary: 'tests/cli.rs', passed: 2, failed: 0, ignored: 0, failing: [] },
      { binary: 'Doc-tests photondrift', crate: 'photondrift', passed: 0, failed: 0, ignored: 0, failing: [] },
    ]);
    // The per-binary counts add up to what the output parser's tally says.
    expect(parseOutput(CARGO_TEST).tests).toMatchObject({ passed: 3, failed: 1, ignored: 1 });
  });

  it('finds no binaries in output that ran no tests', () => {
    expect(testsByBinary('error[E0432]: unresolved import `x`\nerror: could not compile `p`\n')).toEqual([]);
  });
});

describe('cargo build progress', () => {
  it('counts Compiling lines, then follows the bar cargo redraws with \\r', () => {
    const progress = new CargoProgress();
    expect(progress.push('\x1b[1m\x1b[32m   Compiling\x1b[0m libc v0.2.150\r\n   Compiling serde v1.0.1')).toBe(true);
    expect(progress.progress).toEqual({ done: 1, total: null, current: 'libc' });
    expect(progress.push('\r\n')).toBe(true);
    expect(progress.progress).toEqual({ done: 2, total: null, current: 'serde' });
    // The bar has no line end while it is drawn; a chunk may end inside it.
    expect(progress.push('\x1b[1m\x1b[36m    Building\x1b[0m [=====>        ] 12/4')).toBe(false);
    expect(progress.push('0: serde, libc\x1b[K')).toBe(true);
    expect(progress.progress).toEqual({ done: 12, total: 40, current: 'serde' });
    expect(progress.push('\r\x1b[K    Building [=====>        ] 12/40: serde, libc')).toBe(false); // same counts
    expect(progress.push('\r\x1b[K    Building [======>       ] 13/40: libc\r')).toBe(true);
    expect(progress.progress.done).toBe(13);
  });
});

describe('readings', () => {
  it('counts a cargo audit --json report: vulnerabilities and warnings', () => {
    const report = {
      database: {},
      vulnerabilities: {
        found: true,
        count: 1,
        list: [{ advisory: { id: 'RUSTSEC-2020-0071', package: 'time', title: 'Potential segfault' }, versions: { patched: ['>=0.2.23'] }, package: { name: 'time', version: '0.1.45' } }],
      },
      warnings: { unmaintained: [{ advisory: { id: 'RUSTSEC-2021-0139', title: 'ansi_term is unmaintained' }, package: { name: 'ansi_term', version: '0.12.1' } }], yanked: [] },
    };
    const [vulnerabilities, warnings] = readAudit(`    Fetching advisory database\n${JSON.stringify(report)}\n`, 1);
    expect(vulnerabilities).toMatchObject({ name: 'audit_vulnerabilities', value: 1, status: 'measured', advisories: [{ id: 'RUSTSEC-2020-0071', package: 'time', version: '0.1.45' }] });
    expect(warnings).toMatchObject({ name: 'audit_warnings', value: 1, status: 'measured' });
  });

  it('records the advisory ids of the captured report, and none when one has no id', () => {
    const report = readFileSync(fileURLToPath(new URL('../fixtures/outputs/cargo-audit.json', import.meta.url)), 'utf8');
    expect(readAudit(report, 1)[0]!.advisories).toEqual([{ id: 'RUSTSEC-2020-0071', package: 'time', version: '0.1.45' }]);
    const clean = JSON.stringify({ vulnerabilities: { found: false, count: 0, list: [] }, warnings: {} });
    expect(readAudit(clean, 0)[0]).toMatchObject({ value: 0, advisories: [] });
    // Without an id, only the count can be compared: no list, rather than a list that cannot tell old from new.
    const noId = JSON.stringify({ vulnerabilities: { found: true, count: 1, list: [{ advisory: { title: 'x' }, package: { name: 'p', version: '1.0.0' } }] } });
    const [unnamed] = readAudit(noId, 1);
    expect(unnamed).toMatchObject({ value: 1, status: 'measured' });
    expect(unnamed!.advisories).toBeUndefined();
  });

  it('says cargo-audit is missing, or why there was no report', () => {
    const missing = readAudit("error: no such command: `audit`\n\nhelp: a command with a similar name exists: `add`\n", 101);
    expect(missing[0]).toMatchObject({ status: 'not-measured', reason: 'cargo-audit is not installed (cargo install cargo-audit)' });
    const offline = readAudit('    Fetching advisory database from `https://github.com/RustSec/advisory-db.git`\nerror: couldn\'t fetch advisory database: git operation failed\n', 1);
    expect(offline[1]!.reason).toBe("cargo audit gave no report (exit 1): error: couldn't fetch advisory database: git operation failed");
  });

  it('reads an image size, or why docker gave none', () => {
    expect(readImageSize('app:1', '123456789\r\n', 0)).toMatchObject({ value: 123_456_789, status: 'measured', unit: 'bytes' });
    expect(readImageSize('app:1', 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n', 1).reason).toBe(
      'no Docker engine answered (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?)',
    );
    expect(readImageSize('app:1', 'Error response from daemon: No such image: app:1\n', 1).reason).toBe('the Docker engine has no image app:1');
    expect(readImageSize('app:1', 'bash: docker: command not found\n', 127).reason).toBe('docker is not installed');
  });

  it('picks a printed number with its unit', () => {
    expect(pickNumber('run 1\nmean: 1,234.5 ns/iter\n', 'mean: ([\\d.,]+) (\\S+)')).toEqual({ value: 1234.5, unit: 'ns/iter' });
    expect(pickNumber('throughput=812 ops', 'throughput=(?<value>\\d+) (?<unit>\\w+)')).toEqual({ value: 812, unit: 'ops' });
    expect(pickNumber('nothing here', 'mean: (\\d+)')).toBe('the output did not match /mean: (\\d+)/');
    expect(pickNumber('mean: fast', 'mean: (\\w+)')).toBe('/mean: (\\w+)/ picked "fast", which is not a number');
  });

  it('takes the median of N runs', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 20, 30])).toBe(25);
  });
});

describe('release artifacts and toolchains', () => {
  it("names each kind of target's release output", () => {
    expect(artifactNames({ name: 'photon-drift', kinds: ['lib'] })).toEqual(['libphoton_drift.rlib']);
    expect(artifactNames({ name: 'cli', kinds: ['bin'] })).toContain('cli');
    expect(artifactNames({ name: 'plug', kinds: ['cdylib'] })).toEqual(['libplug.so', 'libplug.dylib', 'plug.dll', 'plug.wasm']);
    const parsed = parseWorkspaceTargets(JSON.stringify({ target_directory: '/p/target', packages: [{ targets: [{ name: 'p', kind: ['lib'] }, { name: 'bench', kind: ['bench'] }] }] }));
    expect(parsed).toEqual({ targetDirectory: '/p/target', targets: [{ name: 'p', kinds: ['lib'] }, { name: 'bench', kinds: ['bench'] }] });
    expect(() => parseWorkspaceTargets('{}')).toThrow(/no target_directory/);
  });

  it('lists rustup toolchains by the short name cargo +name takes', () => {
    expect(parseToolchainList('stable-x86_64-unknown-linux-gnu (active, default)\nnightly-x86_64-unknown-linux-gnu\n1.81.0-aarch64-apple-darwin\n')).toEqual(['stable', 'nightly', '1.81.0']);
  });
});

describe('metric formatting', () => {
  it('formats figures and changes the way the gates quote them', () => {
    expect(formatBytes(75_936)).toBe('74 KiB');
    expect(formatBytes(-75_936)).toBe('-74 KiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatMetric(1234, 'ms')).toBe('1.2 s');
    expect(formatMetric(3, 'count')).toBe('3');
    expect(formatMetric(12.345, 'ns/iter')).toBe('12.35 ns/iter');
    expect(formatChange(0.1)).toBe('+10%');
    expect(formatChange(0.1001)).toBe('+10.01%');
    expect(formatChange(-0.05)).toBe('-5%');
  });
});
