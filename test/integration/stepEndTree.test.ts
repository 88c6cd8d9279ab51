// A step's run is journaled with the tree the project ended on too (what
// `stepwise ship` tells a step's change from later edits by hand with); a
// command typed by hand is not. The next step's start tree is taken after it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { RunRecord } from '../../src/shared/model';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { committedCrate, gitOut } from '../helpers/gitRepo';
import { useTempDir } from '../helpers/tempDir';

const tempDir = useTempDir('stepwise-end-tree-');
let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const PLAN = `id: end-trees
title: End trees
phases:
  - id: only
    title: Only
    steps:
      - id: rewrite
        title: Rewrite the library
        kind: command
        command: printf 'pub fn lib() -> u8 { 2 }\\n' > src/lib.rs
      - id: log
        title: Log
        kind: command
        command: printf 'logged\\n' > LOG.txt
`;

it("journals a step run's end tree, after which the next step's start tree is taken; a typed command gets none", async () => {
  const root = committedCrate(tempDir());
  const h = (harness = await startHarness());
  const sessionId = (await h.client.request('session.start', { path: root, plan: { fileName: 'plan.yaml', content: PLAN } })).session.id;
  await h.client.request('session.trust', { sessionId });
  const terminalId = (await h.client.request('terminal.open', { sessionId, cols: 100, rows: 30 })).terminalId;
  const nextRun = (): Promise<RunRecord> =>
    new Promise((resolve) => {
      const off = h.client.on('run.finished', (run) => {
        off();
        resolve(run);
      });
    });
  const show = (tree: string | null, path: string): string => gitOut(root, 'show', `${tree}:${path}`);

  let finished = nextRun();
  await h.client.request('step.run', { sessionId, stepId: 'rewrite', terminalId });
  const rewrite = await finished;
  // The next step at once: its start tree is taken after the end tree, so the two are the same.
  finished = nextRun();
  await h.client.request('step.run', { sessionId, stepId: 'log', terminalId });
  const log = await finished;
  await h.engine.settled();
  const runs = h.engine.journal.runs;
  expect(show(runs.tree(rewrite.id), 'src/lib.rs')).toBe('pub fn lib() {}\n');
  expect(show(runs.endTree(rewrite.id), 'src/lib.rs')).toBe('pub fn lib() -> u8 { 2 }\n');
  expect(runs.tree(log.id)).toBe(runs.endTree(rewrite.id));
  expect(show(runs.endTree(log.id), 'LOG.txt')).toBe('logged\n');

  writeFileSync(join(root, 'HAND.txt'), 'by hand\n');
  finished = nextRun();
  h.client.notify('terminal.input', { terminalId, data: 'printf typed > TYPED.txt\r' });
  const typed = await finished;
  await h.engine.settled();
  expect(typed.stepId).toBeNull();
  expect(show(runs.tree(typed.id), 'HAND.txt')).toBe('by hand\n');
  expect(runs.endTree(typed.id)).toBeNull();
});
