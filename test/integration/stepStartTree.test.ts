// A step the engine types is journaled with the tree the project was in
// before the command ran, even when the command edits files the moment it
// starts: its fix diffs then show the command's own edits.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { RunRecord } from '../../src/shared/model';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { committedCrate, gitIn, gitOut } from '../helpers/gitRepo';
import { useTempDir } from '../helpers/tempDir';

const tempDir = useTempDir('stepwise-step-tree-');
let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const PLAN = `id: edits-at-once
title: Edits at once
phases:
  - id: only
    title: Only
    steps:
      - id: rewrite
        title: Rewrite the library at once
        kind: command
        command: printf 'pub fn lib() -> u8 { 2 }\\n' > src/lib.rs
`;

/** A session of PLAN on `root`, trusted, with its terminal open. */
async function openPlan(root: string): Promise<{ h: Harness; sessionId: number; terminalId: string }> {
  const h = (harness = await startHarness());
  const view = await h.client.request('session.start', { path: root, plan: { fileName: 'plan.yaml', content: PLAN } });
  const sessionId = view.session.id;
  await h.client.request('session.trust', { sessionId });
  const terminalId = (await h.client.request('terminal.open', { sessionId, cols: 100, rows: 30 })).terminalId;
  return { h, sessionId, terminalId };
}

/** Runs the rewrite step to its end; returns src/lib.rs as the run's start tree holds it. */
async function libInStartTree(root: string, { h, sessionId, terminalId }: Awaited<ReturnType<typeof openPlan>>): Promise<string> {
  const finished = new Promise<RunRecord>((resolve) => {
    const off = h.client.on('run.finished', (run) => {
      off();
      resolve(run);
    });
  });
  // Repeating the rewrite is the point: each attempt confirms running it again.
  await h.client.request('step.run', { sessionId, stepId: 'rewrite', terminalId, confirmRerun: true });
  const run = await finished;
  expect(run.exitCode).toBe(0);
  await h.engine.settled();
  const tree = h.engine.journal.runs.tree(run.id);
  expect(tree).toMatch(/^[0-9a-f]{40}$/);
  return gitOut(root, 'show', `${tree}:src/lib.rs`);
}

it('a step that edits files as it starts is journaled with the tree from before its edit', async () => {
  const root = committedCrate(tempDir());
  const session = await openPlan(root);
  for (let attempt = 0; attempt < 5; attempt++) {
    gitOut(root, 'checkout', '--', 'src/lib.rs');
    expect(await libInStartTree(root, session), `attempt ${attempt}`).toBe('pub fn lib() {}\n');
  }
});

it('a start tree slower to capture than the shell has to start the command (a slow fsmonitor hook) holds the step, not fails it', { timeout: 60_000 }, async () => {
  const root = committedCrate(tempDir());
  // The first git status (the warm when the session starts) waits 11 s on the hook: longer than the 10 s a shell has.
  const hook = join(root, '.git', 'slow-fsmonitor');
  writeFileSync(hook, `#!/bin/sh\nif [ ! -e '${hook}.waited' ]; then touch '${hook}.waited'; sleep 11; fi\nexit 1\n`);
  chmodSync(hook, 0o755);
  gitIn(root, 'config', 'core.fsmonitor', hook);
  expect(await libInStartTree(root, await openPlan(root))).toBe('pub fn lib() {}\n');
});
