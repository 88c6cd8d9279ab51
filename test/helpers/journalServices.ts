// The engine's terminal-free services (engine/context.ts, openServices) on a
// real SQLite journal in a data directory of the test's: for testing a service
// without an engine, its lock, its shells or a transport.
import { join } from 'node:path';
import { openServices, readReference, type Reference, type ServiceParts, type Services } from '../../src/core/engine/context';
import { Journal } from '../../src/core/journal/journal';
import { JOURNAL_FILE, resolveResourcesDir } from '../../src/core/platform/fs/paths';

export interface JournalServices extends Services {
  /** The plans, knowledge and system the services were given. */
  reference: Reference;
  /** Waits for background snapshot index warms, then closes the journal. */
  close(): Promise<void>;
}

/** `parts`: what a test puts in place of the defaults (a health that refuses, terminals that record). */
export function openJournalServices(dataDir: string, parts: Partial<Omit<ServiceParts, 'journal' | 'dataDir'>> = {}): JournalServices {
  const journal = Journal.open(join(dataDir, JOURNAL_FILE));
  const reference = parts.reference ?? readReference(resolveResourcesDir());
  const services = openServices({ dataDir, resourcesDir: resolveResourcesDir(), version: 'test', ...parts, reference, journal });
  return {
    ...services,
    reference,
    async close() {
      await services.snapshots.close();
      journal.close();
    },
  };
}
