import { mkdirSync, readFileSync, writeFileSync, chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/core/edits/applyEdit';
import { EditError, planEdit, unifiedDiff, type EditContext } from '../../src/core/edits/planEdit';
import type { Pin } from '../../src/shared/scan';
import { useTempDir } from '../helpers/tempDir';
import { seededRandom } from '../helpers/random';


const ALPHABET = ['a', 'b', ' ', '1', '.', '=', '"', 'é', '🚀', '\t', '\n', '\r\n', 'RUST_VERSION ?= 1.75', 'wasm32-wasi'];

function context(root: string, pins: Pin[] = []): EditContext {
  return { root, pins, listFiles: async () => ['Makefile', 'Dockerfile', 'notes/plan.txt'] };
}

describe('edits', () => {
  const tempDir = useTempDir();

  it('property: applying then reverting any edit gives back the same bytes (200 cases)', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const pick = <T,>(items: T[]): T => items[Math.floor(random() * items.length)]!;
      const root = tempDir();
      mkdirSync(join(root, 'notes'));
      const files = ['Makefile', 'Dockerfile', 'notes/plan.txt'];
      const original = new Map<string, string>();
      for (const file of files) {
        const text = Array.from({ length: 1 + Math.floor(random() * 40) }, () => pick(ALPHABET)).join('');
        writeFileSync(join(root, file), text);
        original.set(file, text);
      }
      chmodSync(join(root, 'Makefile'), 0o755);
      // Replace a substring that occurs somewhere, with something else.
      const source = Array.from(original.get(pick(files))!); // whole code points
      const start = Math.floor(random() * source.length);
      const find = source.slice(start, start + 1 + Math.floor(random() * 6)).join('') || 'a';
      const preview = await planEdit({ replace: { find, with: pick(['', 'X', '1.81', 'wasm32-wasip1', 'é\r\n']) } }, context(root));

      await applyChanges(root, preview.changes);
      for (const c of preview.changes) expect(readFileSync(join(root, c.file), 'utf8'), `seed ${seed}`).toBe(c.after);
      await applyChanges(root, preview.changes.map((c) => ({ file: c.file, before: c.after, after: c.before }))); // undo
      for (const file of files) expect(readFileSync(join(root, file), 'utf8'), `seed ${seed}`).toBe(original.get(file));
      expect(statSync(join(root, 'Makefile')).mode & 0o777).toBe(0o755);
    }
  });

  it('rewrites exactly the pinned values, keeping the rest of each line', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'Makefile'), 'RUST_VERSION ?= 1.75 # pinned\r\nall:\n');
    writeFileSync(join(root, 'Dockerfile'), 'FROM rust:1.75-alpine AS builder\n');
    const pins: Pin[] = [
      { file: 'Makefile', line: 1, column: 17, kind: 'makefile-rust-version', name: 'RUST_VERSION', value: '1.75', text: 'RUST_VERSION ?= 1.75 # pinned' },
      { file: 'Dockerfile', line: 1, column: 11, kind: 'docker-from-rust', value: '1.75', text: 'FROM rust:1.75-alpine AS builder' },
    ];
    const preview = await planEdit({ pins: { kinds: ['makefile-rust-version', 'docker-from-rust'], to: '1.86' } }, context(root, pins));
    expect(preview.changes.map((c) => c.after)).toEqual(['FROM rust:1.86-alpine AS builder\n', 'RUST_VERSION ?= 1.86 # pinned\r\nall:\n']);
    expect(unifiedDiff(preview.changes[1]!)).toContain('-RUST_VERSION ?= 1.75 # pinned\r\n+RUST_VERSION ?= 1.86 # pinned');
  });

  it('refuses a pin that moved since the scan, and a file that changed since the preview', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'Makefile'), 'RUST_VERSION ?= 1.76\n');
    const pin: Pin = { file: 'Makefile', line: 1, column: 17, kind: 'makefile-rust-version', value: '1.75', text: '' };
    await expect(planEdit({ pins: { kinds: ['makefile-rust-version'], to: '1.81' } }, context(root, [pin]))).rejects.toThrow(
      'Makefile:1:17 no longer says "1.75"',
    );
    const preview = await planEdit({ replace: { find: '1.76', with: '1.81', files: ['Makefile'] } }, context(root));
    writeFileSync(join(root, 'Makefile'), 'RUST_VERSION ?= 1.77\n');
    await expect(applyChanges(root, preview.changes)).rejects.toThrow('Makefile changed since the preview');
    expect(readFileSync(join(root, 'Makefile'), 'utf8')).toBe('RUST_VERSION ?= 1.77\n');
  });

  it('refuses text that is not well-formed Unicode (half of a surrogate pair)', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'Makefile'), '🚀\n');
    await expect(planEdit({ replace: { find: '\ud83d', with: 'x', files: ['Makefile'] } }, context(root))).rejects.toThrow(/not well-formed/);
  });

  it('stays inside the project', async () => {
    const root = tempDir();
    await expect(planEdit({ replace: { find: 'x', with: 'y', files: ['../outside'] } }, context(root))).rejects.toBeInstanceOf(EditError);
  });

  it('replaces in the files a glob matches that hold the text, and only there; a path given must hold it', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'notes'));
    writeFileSync(join(root, 'Makefile'), 'RUST_VERSION ?= 1.75\n');
    writeFileSync(join(root, 'Dockerfile'), 'FROM rust:1.75\n');
    writeFileSync(join(root, 'notes/plan.txt'), 'RUST_VERSION ?= 1.75 (quoted)\n');
    const replace = { find: 'RUST_VERSION ?= 1.75', with: 'RUST_VERSION ?= 1.81' };
    const globbed = await planEdit({ replace: { ...replace, files: ['**/Makefile', '**/Dockerfile'] } }, context(root));
    expect(globbed.changes.map((c) => [c.file, c.after])).toEqual([['Makefile', 'RUST_VERSION ?= 1.81\n']]);
    const nothing = await planEdit({ replace: { ...replace, files: ['**/*.mk'] } }, context(root));
    expect(nothing.changes).toEqual([]);
    await expect(planEdit({ replace: { ...replace, files: ['Dockerfile'] } }, context(root))).rejects.toThrow('Dockerfile does not contain "RUST_VERSION ?= 1.75"');
    await expect(planEdit({ replace: { ...replace, files: ['GNUmakefile'] } }, context(root))).rejects.toThrow(new EditError('GNUmakefile does not exist in the project'));
  });
});
