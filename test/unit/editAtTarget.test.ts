// An edit step with nothing to change tells "already at the target" (the
// places that already say what it would write) from "nothing of this kind in
// this project" (what it looks for, in words). Pins come from the real
// scanner on real files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookedFor } from '../../src/core/edits/lookedFor';
import { EditError, planEdit, sameRequirement } from '../../src/core/edits/planEdit';
import { listProjectFiles, scanProject } from '../../src/core/scanner';
import { noChangeNote, noChangeWords } from '../../src/shared/stepState';
import type { EditSpec } from '../../src/shared/model';
import { useTempDir } from '../helpers/tempDir';

const tempDir = useTempDir('stepwise-edit-at-target-');

/** A project of the given files, and the edit planned on it as the engine plans it: a fresh scan for pins. */
async function plan(files: Record<string, string>, spec: EditSpec) {
  const root = tempDir();
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
  const { pins } = await scanProject(root, { toolchain: false });
  const preview = await planEdit(spec, { root, pins, listFiles: () => listProjectFiles(root) });
  return { ...preview, lookedFor: lookedFor(spec) };
}

const CARGO = '[package]\nname = "x"\nversion = "0.1.0"\nedition = "2021"\nrust-version = "1.81"\n';
const MAKEFILE_PIN: EditSpec = { pins: { kinds: ['makefile-rust-version'], to: '1.81' } };

describe('an edit with nothing to change', () => {
  it('lists pins already at the target, and changes only those that are not', async () => {
    const at = await plan({ 'Cargo.toml': CARGO, Makefile: '# toolchain\n\nRUST_VERSION ?= 1.81\n' }, MAKEFILE_PIN);
    expect(at.changes).toEqual([]);
    expect(at.atTarget).toEqual([{ file: 'Makefile', line: 3, says: '1.81' }]);
    expect(noChangeWords(at)).toBe('Already at the target: Makefile:3 says 1.81');
    expect(noChangeNote(at)).toBe('already done: Makefile:3 says 1.81');

    const both = await plan(
      { 'Cargo.toml': CARGO, 'clippy.toml': 'msrv = "1.75"\n', 'rust-toolchain': '1.81\n' },
      { pins: { kinds: ['clippy-msrv', 'toolchain-channel'], to: '1.81' } },
    );
    expect(both.changes.map((c) => [c.file, c.after])).toEqual([['clippy.toml', 'msrv = "1.81"\n']]);
    expect(both.atTarget).toEqual([{ file: 'rust-toolchain', line: 1, says: '1.81' }]);
  });

  it('takes a dependency requirement that allows the same versions as at the target (35.0.0 is 35.0), a 0.x one only when equal', async () => {
    const cargo = (version: string): string => `[package]\nname = "x"\nversion = "0.1.0"\n\n[dependencies]\nwasmtime = "${version}"\n`;
    const bump: EditSpec = { pins: { kinds: ['cargo-dependency'], name: 'wasmtime', to: '35.0' } };
    const same = await plan({ 'Cargo.toml': cargo('35.0.0') }, bump);
    expect(same.changes).toEqual([]);
    expect(same.atTarget).toEqual([{ file: 'Cargo.toml', line: 6, says: '35.0.0' }]);
    expect((await plan({ 'Cargo.toml': cargo('34.0.0') }, bump)).changes).toHaveLength(1);
    expect(sameRequirement('^35', '35.0.0')).toBe(true);
    expect(sameRequirement('0.3.0', '0.3')).toBe(false);
    expect(sameRequirement('35.1', '35.0')).toBe(false);
    expect(sameRequirement('~35.0', '35.0')).toBe(false);
  });

  it('finds a replace already made: the replacement there and the text it replaces gone, a named file included', async () => {
    const spec: EditSpec = { replace: { find: 'wasm32-wasi ', with: 'wasm32-wasip1 ', files: ['Makefile'] } };
    const done = await plan({ 'Cargo.toml': CARGO, Makefile: 'all:\n\tcargo build --target wasm32-wasip1 --release\n' }, spec);
    expect(done.changes).toEqual([]);
    expect(done.atTarget).toEqual([{ file: 'Makefile', line: 2, says: '"wasm32-wasip1"' }]);
    expect(noChangeWords(done)).toBe('Already at the target: Makefile:2 says "wasm32-wasip1"');
    // A named file with neither is still an error: the edit does not fit it.
    await expect(plan({ 'Cargo.toml': CARGO, Makefile: 'all:\n\ttrue\n' }, spec)).rejects.toThrow(EditError);
  });

  it('says what it looked for when the project has nothing of the kind', async () => {
    const none = await plan({ 'Cargo.toml': CARGO }, MAKEFILE_PIN);
    expect(none).toMatchObject({ changes: [], atTarget: [] });
    expect(noChangeWords(none)).toBe('Nothing of this kind in this project: no RUST_VERSION pin in a Makefile');
    expect(noChangeNote(none)).toBe('nothing to change: no RUST_VERSION pin in a Makefile in this project');

    const anywhere = await plan({ 'Cargo.toml': CARGO, 'notes.txt': 'nothing here\n' }, { replace: { find: 'wasm32-wasi ', with: 'wasm32-wasip1 ' } });
    expect(anywhere.atTarget).toEqual([]);
    expect(noChangeWords(anywhere)).toBe('Nothing of this kind in this project: no "wasm32-wasi " in any file');
    expect(lookedFor({ pins: { kinds: ['cargo-dependency'], name: 'wasmtime', to: '35.0' } })).toBe('wasmtime dependency version in a Cargo.toml');
  });
});
