// A long session a page at a time, through a real engine and a page's
// WebSocket client, on a real journal: every page, put together, must be
// exactly the whole lists the journal holds, explained as the engine explains
// them (the panel's groups, their order, each filter's counts, the runs, a
// run's output as lines). `session.view` sends only how many runs there are.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUE_FILTERS, ISSUE_GROUPINGS, type IssueFilter, type IssueGrouping } from '../../src/shared/contract';
import type { IssueRecord, RunRecord } from '../../src/shared/model';
import { stripAnsi } from '../../src/shared/ansi';
import { issueExplainer } from '../../src/core/issues/explainIssue';
import { loadBuiltinBreakages } from '../../src/core/knowledge/breakages';
import { JOURNAL_FILE, resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { writeLargeJournal } from '../helpers/largeJournal';

const SIZE = { runs: 120, issues: 1_500 };
const LIVE = ['open', 'regressed'];
const inFilter: Record<IssueFilter, (i: IssueRecord) => boolean> = {
  live: (i) => LIVE.includes(i.state),
  resolved: (i) => i.state === 'resolved',
  wontfix: (i) => i.state === 'wontfix',
  all: () => true,
};
/** The panel's grouping, as it was done over the whole list. */
const keyOf: Record<IssueGrouping, (i: IssueRecord) => string> = {
  step: (i) => i.stepId ?? '',
  file: (i) => i.file ?? '',
  kind: (i) => `${i.tool}${i.code ? ` ${i.code}` : ''}`,
};

let harness: Harness;
/** The session's whole lists, read from the journal itself. */
let view: { runs: RunRecord[]; issues: IssueRecord[] };
let sessionId: number;
const longRun = SIZE.runs + 1;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-pages-'));
  const journalFile = join(dataDir, JOURNAL_FILE);
  sessionId = writeLargeJournal(journalFile, SIZE).sessionId;
  // One run with colours, CRLF endings and a line an issue points at.
  const output = Array.from({ length: 3_000 }, (_, i) => (i === 2_345 ? 'error[E0432]: unresolved import\r\n' : `\x1b[32mline ${i}\x1b[0m\n`)).join('');
  const db = new Database(journalFile);
  db.prepare(
    `INSERT INTO runs (id, session_id, step_id, command, cwd, started_at, ended_at, exit_code, duration_ms, status)
     VALUES (?, ?, NULL, 'cargo build', '/tmp', '2026-11-30T09:00:00.000Z', '2026-11-30T09:00:01.000Z', 0, 1000, 'passed')`,
  ).run(longRun, sessionId);
  db.prepare('INSERT INTO run_output (run_id, seq, chunk) VALUES (?, 0, ?)').run(longRun, output);
  db.close();
  harness = await startHarness({ dataDir });
  const explain = issueExplainer(loadBuiltinBreakages(resolveResourcesDir()));
  view = { runs: harness.engine.journal.runs.forSession(sessionId), issues: harness.engine.journal.issues.forSession(sessionId).map(explain) };
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe('issues, a group at a time', () => {
  it('counts each filter as the whole list does', async () => {
    const { counts } = await harness.client.request('issues.groups', { sessionId, filter: 'all', grouping: 'step' });
    for (const filter of ISSUE_FILTERS) expect(counts[filter], filter).toBe(view.issues.filter(inFilter[filter]).length);
    expect(counts.all).toBe(SIZE.issues);
  });

  for (const filter of ISSUE_FILTERS) {
    for (const grouping of ISSUE_GROUPINGS) {
      it(`${filter} by ${grouping}: the same groups in the same order, and pages that add up to each`, async () => {
        const expected = new Map<string, IssueRecord[]>();
        for (const issue of view.issues.filter(inFilter[filter])) {
          const key = keyOf[grouping](issue);
          expected.set(key, [...(expected.get(key) ?? []), issue]);
        }
        const { groups } = await harness.client.request('issues.groups', { sessionId, filter, grouping });
        expect(groups.map((g) => [g.key, g.count])).toEqual([...expected].map(([key, issues]) => [key, issues.length]));

        // The largest group read in pages of 37: every issue once, in order, whole.
        const [key, issues] = [...expected].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
        const paged: IssueRecord[] = [];
        for (let offset = 0; offset < issues.length; offset += 37) {
          const page = await harness.client.request('issues.page', { sessionId, filter, grouping, group: key, offset, limit: 37 });
          paged.push(...page.issues);
        }
        expect(paged).toEqual(issues);
      });
    }
  }

  it('an unknown session is not found, not an empty panel', async () => {
    await expect(harness.client.request('issues.groups', { sessionId: 9_999, filter: 'live', grouping: 'step' })).rejects.toThrow(/9999/);
  });

  it('refuses a page larger than the engine sends', async () => {
    await expect(
      harness.client.request('issues.page', { sessionId, filter: 'all', grouping: 'step', group: '', offset: 0, limit: 100_000 }),
    ).rejects.toThrow(/limit/);
  });
});

describe('runs and output, a window at a time', () => {
  it('runs in pages add up to the whole list, whose length the session view tells', async () => {
    const runs = [];
    let total = 0;
    for (let offset = 0; offset === 0 || offset < total; offset += 50) {
      const page = await harness.client.request('runs.page', { sessionId, offset, limit: 50 });
      total = page.total;
      runs.push(...page.runs);
    }
    expect(total).toBe(view.runs.length);
    expect(runs).toEqual(view.runs);
    expect((await harness.client.request('session.view', { sessionId })).runCount).toBe(view.runs.length);
  });

  it("a run's lines are its output without colours, found where an issue points", async () => {
    const { output } = await harness.client.request('run.output', { runId: longRun });
    const all = stripAnsi(output).replace(/\r\n?/g, '\n').split('\n');
    const first = await harness.client.request('run.lines', { runId: longRun, offset: 0, limit: 100, find: '  error[E0432]: unresolved import ' });
    expect(first.totalLines).toBe(all.length);
    expect(first.lines).toEqual(all.slice(0, 100));
    expect(first.foundAt).toBe(2_345);
    expect(first.cutAt).toBeNull();
    const last = await harness.client.request('run.lines', { runId: longRun, offset: 2_950, limit: 100 });
    expect(last.lines).toEqual(all.slice(2_950));
    expect(last.lines.at(-2)).toBe('line 2999');
    expect(last.foundAt).toBeNull();
  });

  it("a run's issue counts are those the whole list gives", async () => {
    for (const run of view.runs.filter((r) => r.status === 'failed').slice(0, 6)) {
      const seen = view.issues.filter((i) => i.runId === run.id);
      expect(await harness.client.request('run.issueCounts', { runId: run.id })).toEqual({
        errors: seen.filter((i) => i.severity === 'error').length,
        warnings: seen.filter((i) => i.severity === 'warning').length,
        resolved: view.issues.filter((i) => i.fixedByRunId === run.id).length,
      });
    }
    expect(view.issues.some((i) => i.fixedByRunId !== null)).toBe(true);
  });

  it('an unknown run is not found', async () => {
    await expect(harness.client.request('run.lines', { runId: 77_777, offset: 0, limit: 10 })).rejects.toThrow(/77777/);
  });
});
