// The knowledge base as `stepwise export` loads it: parsed and checked once,
// then read back as JSON until the YAML or the build changes.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinBreakages } from '../../src/core/knowledge/breakages';
import { loadBreakagesCached } from '../../src/core/knowledge/breakagesCache';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { useTempDir } from '../helpers/tempDir';

describe('the kept knowledge base', () => {
  const tempDir = useTempDir();

  function setup(): { resourcesDir: string; cacheDir: string; yaml: string } {
    const dir = tempDir();
    const resourcesDir = join(dir, 'resources');
    cpSync(join(resolveResourcesDir(), 'knowledge'), join(resourcesDir, 'knowledge'), { recursive: true });
    return { resourcesDir, cacheDir: join(dir, 'data', 'cache'), yaml: join(resourcesDir, 'knowledge', 'breakages.yaml') };
  }
  const kept = (cacheDir: string): string[] => readdirSync(cacheDir).filter((name) => name.endsWith('.json'));

  it('gives what parsing gives, and reads it back without parsing again', async () => {
    const { resourcesDir, cacheDir } = setup();
    const parsed = loadBuiltinBreakages(resourcesDir);
    expect(await loadBreakagesCached({ resourcesDir, cacheDir, buildId: 'b1' })).toEqual(parsed);
    const [name] = kept(cacheDir);
    expect(kept(cacheDir)).toHaveLength(1);

    // What is read back is the kept copy: change it, and the change shows.
    const file = join(cacheDir, name as string);
    const copy = JSON.parse(readFileSync(file, 'utf8')) as { title: string }[];
    copy[0]!.title = 'read from the kept copy';
    writeFileSync(file, JSON.stringify(copy));
    expect((await loadBreakagesCached({ resourcesDir, cacheDir, buildId: 'b1' }))[0]?.title).toBe('read from the kept copy');
  });

  it('parses and checks again for an edited file or another build, keeping only the newest', async () => {
    const { resourcesDir, cacheDir, yaml } = setup();
    await loadBreakagesCached({ resourcesDir, cacheDir, buildId: 'b1' });
    const first = kept(cacheDir);

    const other = await loadBreakagesCached({ resourcesDir, cacheDir, buildId: 'b2' });
    expect(other).toEqual(loadBuiltinBreakages(resourcesDir));
    expect(kept(cacheDir)).not.toEqual(first);
    expect(kept(cacheDir)).toHaveLength(1);

    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/title: .*/, 'title: Edited title'));
    expect((await loadBreakagesCached({ resourcesDir, cacheDir, buildId: 'b2' }))[0]?.title).toBe('Edited title');

    // A broken edit is reported as the file's error, kept copy or not.
    writeFileSync(yaml, 'schema: 1\nbreakages: [\n');
    await expect(loadBreakagesCached({ resourcesDir, cacheDir, buildId: 'b2' })).rejects.toThrow(/breakages\.yaml:\d+:\d+/);
  });

  it('parses again when the kept copy is unreadable', async () => {
    const { resourcesDir, cacheDir } = setup();
    await loadBreakagesCached({ resourcesDir, cacheDir, buildId: 'b1' });
    const file = join(cacheDir, kept(cacheDir)[0] as string);
    writeFileSync(file, '{ not json');
    expect(await loadBreakagesCached({ resourcesDir, cacheDir, buildId: 'b1' })).toEqual(loadBuiltinBreakages(resourcesDir));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(loadBuiltinBreakages(resourcesDir));
  });
});
