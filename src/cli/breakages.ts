// The knowledge base as the commands that write a guide load it (export, ship).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Breakage } from '../core/knowledge/breakages';
import { loadBreakagesCached } from '../core/knowledge/breakagesCache';
import { resolveResourcesDir } from '../core/platform/fs/paths';
import { bundleDir } from './bundleDir';

/**
 * The knowledge base, kept parsed in the data directory by a built CLI (keyed
 * by the bundle's build, see breakagesCache.ts); run from source, parsed.
 */
export async function loadBreakages(dataDir: string): Promise<Breakage[]> {
  const resourcesDir = resolveResourcesDir();
  const bundle = join(bundleDir(), 'cli.js');
  if (!existsSync(bundle)) return (await import('../core/knowledge/breakages')).loadBuiltinBreakages(resourcesDir);
  const { mtimeMs, size } = statSync(bundle);
  return loadBreakagesCached({ resourcesDir, cacheDir: join(dataDir, 'cache'), buildId: `${mtimeMs}:${size}` });
}
