// A session of 10,000 runs and 100,000 issues, exported in every format from
// a real journal file: read row by row with an open cursor, written in
// chunks, and complete (every run, every issue) at the end.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGuide, guideChunks, writeGuide, type GuideExport } from '../../src/core/guide/export';
import { knownBreakageOf } from '../../src/core/issues/explainIssue';
import { Journal } from '../../src/core/journal/journal';
import { loadBuiltinBreakages } from '../../src/core/knowledge/breakages';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { DEFAULT_GUIDE_OPTIONS, GUIDE_FORMATS } from '../../src/shared/guide';
import { writeLargeJournal } from '../helpers/largeJournal';

const RUNS = 10_000;
const ISSUES = 100_000;

describe('a guide of 10,000 runs and 100,000 issues', () => {
  let dir: string;
  let journal: Journal;
  let request: GuideExport;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-large-guide-'));
    const file = join(dir, 'journal.sqlite');
    const { sessionId } = writeLargeJournal(file, { runs: RUNS, issues: ISSUES });
    journal = Journal.open(file, { readonly: true });
    const known = knownBreakageOf(loadBuiltinBreakages(resolveResourcesDir()));
    request = { journal, sessionId, format: 'md', options: DEFAULT_GUIDE_OPTIONS, known, home: '/home/dev', version: 'test' };
  }, 60_000);
  afterAll(() => {
    journal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the full record as JSON: every run, every issue, no token', async () => {
    const out = join(dir, 'guide.json');
    const started = performance.now();
    const bytes = await writeGuide(out, { ...request, format: 'json' });
    console.log(`json: ${(bytes / 1e6).toFixed(1)} MB in ${(performance.now() - started).toFixed(0)} ms`);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('ghp_');
    const record = JSON.parse(text) as { issues: unknown[]; timeline: { runs?: unknown[] }[]; counts: { runs: number } };
    expect(record.issues).toHaveLength(ISSUES);
    expect(record.timeline.reduce((n, e) => n + (e.runs?.length ?? 0), 0)).toBe(RUNS);
    expect(record.counts.runs).toBe(RUNS);
  });

  it.each(GUIDE_FORMATS.filter((f) => f !== 'json' && f !== 'plan'))('writes it as %s, in chunks', async (format) => {
    const out = join(dir, `guide.${format}`);
    const started = performance.now();
    const bytes = await writeGuide(out, { ...request, format });
    console.log(`${format}: ${(bytes / 1e6).toFixed(1)} MB in ${(performance.now() - started).toFixed(0)} ms`);
    expect(statSync(out).size).toBe(bytes);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('ghp_');
    if (format !== 'adr') {
      // Every kind, with its first issues in full: 6 kinds were fixed, 20 of each shown.
      expect(text).toContain('50,000 issues of 6 kinds met and fixed');
      expect(text.split('The change that fixed it:').length - 1).toBe(6 * 20);
      expect(text).toContain('more issues of this kind: the JSON export lists every one.');
      expect(text.split(/run #\d+ \D/).length).toBeGreaterThan(RUNS / 5);
    }
  });

  it('holds a few rows at a time, not the session: the heap stays far below the record it writes', () => {
    // 77 MB of JSON (100,000 issues as objects would take several times that): read it chunk by chunk, keep none.
    // What is live, not what waits for the collector: collect before each sample.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let bytes = 0;
    let n = 0;
    for (const chunk of guideChunks({ ...request, format: 'json' })) {
      bytes += chunk.length;
      if (++n % 5000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    console.log(`json streamed: ${(bytes / 1e6).toFixed(1)} MB in ${n} chunks, live heap grew at most ${(peak / 1e6).toFixed(1)} MB`);
    expect(bytes).toBeGreaterThan(50e6);
    expect(peak).toBeLessThan(16e6);
  });

  it('stops reading at a preview\'s length', () => {
    const preview = collectGuide({ ...request, format: 'html' }, 100_000);
    expect(preview).toMatchObject({ truncated: true });
    expect(preview.text).toHaveLength(100_000);
    expect(journal.sessions.stepStates(request.sessionId)).toBeInstanceOf(Array);
  });
});
