// Streamed atomic writes: chunks encoded into one reused buffer come out
// byte for byte, whatever their size and characters; a stream that fails
// leaves the old file and no temporary one.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeChunksAtomic } from '../../src/core/platform/fs/atomicWrite';
import { useTempDir } from '../helpers/tempDir';

describe('writeChunksAtomic', () => {
  const tempDir = useTempDir();

  it('writes every chunk in order: multi-byte characters across buffer fills, chunks larger than the buffer', async () => {
    const file = join(tempDir(), 'out.txt');
    const chunks = ['abc', 'é€😀', 'x'.repeat(5), '✓'.repeat(40), '', 'tail ⏳\n'];
    const bytes = await writeChunksAtomic(file, chunks, 16);
    const expected = chunks.join('');
    expect(readFileSync(file, 'utf8')).toBe(expected);
    expect(bytes).toBe(Buffer.byteLength(expected));
  });

  it('keeps the old file, and leaves no temporary file, when the chunks fail', async () => {
    const dir = tempDir();
    const file = join(dir, 'guide.md');
    writeFileSync(file, 'the old guide');
    function* failing(): Generator<string> {
      yield 'x'.repeat(100);
      throw new Error('the journal went away');
    }
    await expect(writeChunksAtomic(file, failing(), 16)).rejects.toThrow(`Could not write ${file}: the journal went away`);
    expect(readFileSync(file, 'utf8')).toBe('the old guide');
    expect(readdirSync(dir)).toEqual(['guide.md']);
  });
});
