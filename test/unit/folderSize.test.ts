// A folder is a room for one concern: past twenty files directly in it, it
// holds several, and a reader can no longer take in its names at a glance.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', '..', 'src');
const MAX_FILES = 20;

function* folders(dir: string): Generator<{ dir: string; files: number }> {
  const entries = readdirSync(dir, { withFileTypes: true });
  yield { dir, files: entries.filter((e) => e.isFile()).length };
  for (const e of entries) if (e.isDirectory()) yield* folders(join(dir, e.name));
}

describe('source folders', () => {
  it(`hold at most ${MAX_FILES} files each`, () => {
    const crowded = [...folders(SRC)]
      .filter((f) => f.files > MAX_FILES)
      .map((f) => `${relative(SRC, f.dir)} (${f.files} files)`);
    expect(crowded).toEqual([]);
  });
});
