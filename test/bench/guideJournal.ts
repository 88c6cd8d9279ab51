// `npm run bench` (guide export): the journal its whole-command benchmark
// reads, a session of 10,000 runs and 100,000 issues, written once into
// .cache/bench/guide-journal/ (scripts/bench.mjs runs this file first).
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { writeLargeJournal } from '../helpers/largeJournal';

const DIR = join(__dirname, '../../.cache/bench/guide-journal');
const FILE = join(DIR, 'journal.sqlite');

it('writes the journal of a 10,000-run, 100,000-issue session (once; cached)', () => {
  if (existsSync(FILE)) return;
  mkdirSync(DIR, { recursive: true });
  // Written aside and renamed, so a cut-short run never leaves half a journal to measure.
  const temp = join(DIR, 'journal.partial.sqlite');
  rmSync(temp, { force: true });
  writeLargeJournal(temp, { runs: 10_000, issues: 100_000 });
  renameSync(temp, FILE);
});
