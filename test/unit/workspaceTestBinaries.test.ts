// Test binaries of a real two-crate workspace (test/fixtures/outputs/cargo-workspace,
// see its README): each crate's `unittests src/lib.rs` recorded with its crate,
// and paired by it when a crate leaves the workspace.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testsByBinary } from '../helpers/testsByBinary';
import { changeText, compareTestBinaries } from '../../src/shared/testBinaryChanges';

const run = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/outputs/cargo-workspace/${name}.ansi.txt`, import.meta.url)), 'utf8');
const rowsOf = (rows: ReturnType<typeof compareTestBinaries>): [string, string | null, string][] => rows.map((r) => [r.label, r.change, changeText(r)]);

describe('a workspace test run', () => {
  const before = testsByBinary(run('two-crates'));
  const after = testsByBinary(run('alpha-removed'));

  it('records the crate of unit tests and doc-tests; an integration test binary is named by its file only', () => {
    expect(before.map(({ binary, crate, passed, ignored }) => ({ binary, crate, passed, ignored }))).toEqual([
      { binary: 'unittests src/lib.rs', crate: 'alpha', passed: 1, ignored: 0 },
      { binary: 'tests/it.rs', crate: undefined, passed: 1, ignored: 0 },
      { binary: 'unittests src/lib.rs', crate: 'beta_core', passed: 2, ignored: 1 },
      { binary: 'tests/it.rs', crate: undefined, passed: 2, ignored: 0 },
      { binary: 'Doc-tests alpha', crate: 'alpha', passed: 0, ignored: 0 },
      { binary: 'Doc-tests beta_core', crate: 'beta_core', passed: 1, ignored: 0 },
    ]);
    // Absent, not undefined: a stored measurement's JSON has no `crate` where none was told.
    expect(Object.keys(before[1] ?? {})).not.toContain('crate');
  });

  it('pairs unit tests by crate when one leaves the workspace', () => {
    expect(rowsOf(compareTestBinaries(before, after))).toEqual([
      ['alpha · unittests src/lib.rs', 'disappeared', 'disappeared (had 1 test)'],
      // cargo does not say whose `tests/it.rs` it runs: these still pair by place, alpha's with beta-core's.
      ['tests/it.rs', 'more', '1 more test'],
      ['beta_core · unittests src/lib.rs', 'same', ''],
      ['tests/it.rs (#2)', 'disappeared', 'disappeared (had 2 tests)'],
      ['Doc-tests alpha', 'disappeared', 'disappeared (had 0 tests)'],
      ['Doc-tests beta_core', 'same', ''],
    ]);
  });

  it('falls back to names and places against a measurement stored before crates were recorded', () => {
    const stored = before.map(({ crate: _crate, ...rest }) => rest);
    const rows = compareTestBinaries(stored, after);
    expect(rows.map((r) => r.label)).toEqual(['unittests src/lib.rs', 'tests/it.rs', 'unittests src/lib.rs (#2)', 'tests/it.rs (#2)', 'Doc-tests alpha', 'Doc-tests beta_core']);
    // By place, alpha's unit tests meet beta-core's: what crates are recorded for.
    expect(rows[0]).toMatchObject({ baseline: { passed: 1 }, after: { crate: 'beta_core', passed: 2 } });
  });
});
