// The knowledge base for a short-lived reader (`stepwise export`), without
// parsing YAML and checking it with zod each time: loading and running both
// costs ~0.1 s, more than a small export takes. The breakages, once parsed and
// checked, are kept as JSON under a name made of the YAML's content and the
// build's identity, so an edited file or a new build (whose schema may fill in
// other defaults) is parsed and checked again. YAML and zod load only then.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../platform/fs/atomicWrite';
import { BREAKAGES_FILE } from '../platform/fs/paths';
import type { Breakage } from './breakages';

const PREFIX = 'breakages-';

export interface BreakagesCache {
  resourcesDir: string;
  /** Where the parsed breakages are kept (made when missing). */
  cacheDir: string;
  /** What tells this build from another (the CLI bundle's modification time). */
  buildId: string;
}

export async function loadBreakagesCached({ resourcesDir, cacheDir, buildId }: BreakagesCache): Promise<Breakage[]> {
  const file = join(resourcesDir, 'knowledge', BREAKAGES_FILE);
  const text = readFileSync(file, 'utf8');
  const name = `${PREFIX}${createHash('sha256').update(buildId).update('\0').update(text).digest('hex').slice(0, 16)}.json`;
  try {
    const kept: unknown = JSON.parse(readFileSync(join(cacheDir, name), 'utf8'));
    if (Array.isArray(kept)) return kept as Breakage[];
  } catch {
    // Not kept yet, or unreadable: parsed and checked below.
  }
  const breakages = (await import('./breakages')).parseBreakages(text, file);
  try {
    mkdirSync(cacheDir, { recursive: true });
    await writeFileAtomic(join(cacheDir, name), JSON.stringify(breakages));
    // Only the current one is kept.
    for (const old of readdirSync(cacheDir)) if (old.startsWith(PREFIX) && old !== name) rmSync(join(cacheDir, old), { force: true });
  } catch {
    // A data directory that cannot be written to only makes the next export parse again.
  }
  return breakages;
}
