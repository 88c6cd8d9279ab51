// The tree each run starts on (an issue's fix diff is the diff of two of
// them), captured as snapshots capture the work tree: the engine's
// RunRecorder on a real journal file and real repositories. The run never
// waits for the capture; the capture waits for a warm of the snapshot index,
// keeps to the size limit, is ended at shutdown, and never writes the user's
// index, HEAD, refs, stash or config. A project outside git, a missing git,
// or a capture that fails leaves the run without a tree, as it always has.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../../src/shared/model';
import { EventBus } from '../../src/core/engine/eventBus';
import { JournalHealth } from '../../src/core/engine/journalHealth';
import { RunRecorder, type RunEnd, type StartedRun } from '../../src/core/runs/runRecorder';
import { StepTransitions } from '../../src/core/steps/stepTransitions';
import { Journal } from '../../src/core/journal/journal';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { PlanRegistry } from '../../src/core/plans/registry';
import { sessionInput } from '../../src/core/plans/resolvePlan';
import { DEFAULT_MAX_FILE_BYTES, diffTrees } from '../../src/core/snapshots/gitSnapshots';
import { IndexWarmer } from '../../src/core/snapshots/indexWarmer';
import { addAllTree, committedCrate, conflictingBranches, gitIn, gitOut, userRepoView } from '../helpers/gitRepo';
import { holdGitStatus } from '../helpers/heldGitStatus';
import { alive } from '../helpers/processes';
import { useTempDir } from '../helpers/tempDir';
import { write } from '../helpers/treeListing';

const tempDir = useTempDir('stepwise-run-tree-');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface Recording {
  recorder: RunRecorder;
  journal: Journal;
  /** Starts a run of `cargo check` in `root`, as a terminal does when a command begins. */
  start(): RunRecord;
  /** Ends a run `start` began, as a terminal does when its command ends. */
  finish(run: RunRecord, end: RunEnd): RunRecord | null;
}

/** A RunRecorder on a fresh journal file, with a session for `root`. */
function recording(root: string): Recording {
  const journal = Journal.open(join(tempDir(), 'journal.sqlite'));
  const project = journal.projects.open(root);
  const sessionId = journal.sessions.create(project.id, sessionInput(new PlanRegistry(resolveResourcesDir()).default, {}, 'builtin', true)).id;
  const bus = new EventBus();
  const recorder = new RunRecorder({ journal, bus, explain: (issue) => issue, health: new JournalHealth({ journal, bus }), steps: new StepTransitions({ journal, bus }) });
  cleanups.push(async () => {
    await recorder.close();
    journal.close();
  });
  const started = new Map<number, StartedRun>();
  return {
    recorder,
    journal,
    start: () => {
      const run = recorder.start({ sessionId, root, stepId: null, origin: 'typed', command: 'cargo check', cwd: root, startedAt: new Date() });
      started.set(run.run!.id, run);
      return run.run!;
    },
    finish: (run, end) => recorder.finish(started.get(run.id)!, end),
  };
}

const project = (): string => committedCrate(tempDir());

/** The run's tree once its capture is done. */
async function treeOf(r: Recording, run: RunRecord): Promise<string | null> {
  await r.recorder.settled();
  return r.journal.runs.tree(run.id);
}

const files = (root: string, tree: string): string[] => gitOut(root, 'ls-tree', '-r', '--name-only', tree).trim().split('\n');

describe("a run's start tree", () => {
  it("is what git add -A makes of the work tree, captured after the run started, writing nothing of the user's", async () => {
    const root = project();
    gitIn(root, 'branch', 'feature');
    write(root, 'src/lib.rs', 'pub fn stashed() {}\n');
    gitIn(root, 'stash', 'push', '-q');
    write(root, 'src/main.rs', 'fn main() { staged(); }\n');
    gitIn(root, 'add', 'src/main.rs');
    write(root, 'src/main.rs', 'fn main() { staged(); unstaged(); }\n');
    write(root, 'notes/todo.txt', 'untracked\n');
    write(root, 'target/debug/out', 'ignored\n');
    const before = userRepoView(root);
    const r = recording(root);

    const run = r.start();
    expect(r.journal.runs.tree(run.id)).toBeNull(); // started and journaled: the capture goes on in the background
    const tree = await treeOf(r, run);
    expect(tree).toBe(addAllTree(root));
    expect(files(root, tree!)).toEqual(['.gitignore', 'Cargo.toml', 'notes/todo.txt', 'src/lib.rs', 'src/main.rs']);
    expect(gitOut(root, 'show', `${tree}:src/main.rs`)).toBe('fn main() { staged(); unstaged(); }\n');
    // Index bytes and times, staged diff, HEAD, branches, every ref (none added), the stash entry, config, status.
    expect(userRepoView(root)).toEqual(before);
    expect(readdirSync(join(root, '.git', 'stepwise'))).toEqual([expect.stringMatching(/^index-[0-9a-f]{16}\.(uc|plain)$/)]);
  });

  it('leaves out a file over the snapshot size limit, never hashing it into the repository', async () => {
    const root = project();
    write(root, 'assets/huge.bin', Buffer.alloc(DEFAULT_MAX_FILE_BYTES + 1, 0x61));
    write(root, 'assets/small.bin', 'small\n');
    const oid = gitOut(root, 'hash-object', 'assets/huge.bin').trim(); // without -w: computed, not stored
    const r = recording(root);

    const tree = await treeOf(r, r.start());
    expect(files(root, tree!)).toEqual(expect.arrayContaining(['assets/small.bin']));
    expect(files(root, tree!)).not.toContain('assets/huge.bin');
    expect(() => execFileSync('git', ['-C', root, 'cat-file', '-e', oid], { stdio: 'ignore' })).toThrow();
  });

  it('sees a same-size edit made in the second git wrote the snapshot index ("racy git"), so the fix diff shows it', async () => {
    const root = project();
    const r = recording(root);
    await treeOf(r, r.start()); // the snapshot index exists
    let earlier: string | null;
    for (;;) {
      const second = Math.floor(Date.now() / 1000);
      write(root, 'src/main.rs', 'fn main() {}\n'); // same content, new times: git status refreshes the entry ...
      earlier = await treeOf(r, r.start()); // ... and writes the snapshot index in this second
      write(root, 'src/main.rs', 'fn mein() {}\n'); // same size, same second
      if (Math.floor(Date.now() / 1000) === second) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));
    const later = await treeOf(r, r.start());
    expect(later).toBe(addAllTree(root));
    expect(gitOut(root, 'show', `${later}:src/main.rs`)).toBe('fn mein() {}\n');
    const diff = await diffTrees(root, earlier!, later!);
    expect(diff).toContain('-fn main() {}');
    expect(diff).toContain('+fn mein() {}');
  });

  it('is captured in the middle of a merge too, the conflicted files as they are, the merge left alone', async () => {
    const root = project();
    conflictingBranches(root, 'other');
    expect(() => gitIn(root, 'merge', 'other')).toThrow();
    const before = userRepoView(root);
    const r = recording(root);

    const tree = await treeOf(r, r.start());
    expect(tree).toBe(addAllTree(root));
    expect(gitOut(root, 'show', `${tree}:Cargo.toml`)).toContain('<<<<<<<');
    expect(userRepoView(root)).toEqual(before); // the unmerged index entries, MERGE_HEAD's state in git status
    expect(existsSync(join(root, '.git', 'MERGE_HEAD'))).toBe(true);
  });

  it('waits for a warm of the snapshot index under way rather than running beside it; the run does not wait', async () => {
    const root = project();
    const held = holdGitStatus(root, tempDir());
    const warmer = new IndexWarmer();
    cleanups.push(() => warmer.close());
    const r = recording(root);

    warmer.warm(root);
    await held.started(); // the warm's git status, held
    write(root, 'src/lib.rs', 'pub fn changed_after_the_warm_started() {}\n');
    write(root, 'fresh/new.rs', '// untracked, after the warm started\n');
    const run = r.start();
    expect(r.journal.runs.get(run.id).status).toBe('running');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(held.starts()).toHaveLength(1); // no second git status beside the warm's
    expect(r.journal.runs.tree(run.id)).toBeNull();

    held.release();
    const tree = await treeOf(r, run);
    await warmer.settled();
    expect(tree).toBe(addAllTree(root));
    expect(files(root, tree!)).toContain('fresh/new.rs');
    // Each git status (two hook calls each: protocol 2, then 1) ran alone.
    expect(held.log().map((line) => line.split(' ')[0])).toEqual(Array(held.log().length / 2).fill(['start', 'end']).flat());
  });

  it('is ended at shutdown: its git and what git started are gone, no index copy is left, the run has no tree', async () => {
    const root = project();
    const held = holdGitStatus(root, tempDir());
    const r = recording(root);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const run = r.start();
      const { hook, git } = await held.started();
      const closed = r.recorder.close().then(() => 'closed');
      expect(await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting after 10 s'))])).toBe('closed');
      expect(alive(git)).toBe(false);
      expect(alive(hook)).toBe(false);
      expect(r.journal.runs.tree(run.id)).toBeNull();
      expect(readdirSync(join(root, '.git')).filter((name) => name.startsWith('stepwise-index-'))).toEqual([]);
      expect(logged).not.toHaveBeenCalled(); // ended on purpose: not a failure
    } finally {
      held.release();
      logged.mockRestore();
    }
  });
});

describe('a run without a start tree', () => {
  const quietly = async (fn: () => Promise<void>): Promise<unknown[][]> => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await fn();
      return logged.mock.calls;
    } finally {
      logged.mockRestore();
    }
  };

  it('outside a git work tree: the run is journaled and ends as any other, nothing is logged', async () => {
    const root = tempDir();
    write(root, 'Cargo.toml', '[package]\nname = "demo"\n');
    const r = recording(root);
    const calls = await quietly(async () => {
      const run = r.start();
      expect(await treeOf(r, run)).toBeNull();
      const finished = r.finish(run, { exitCode: 0, endedAt: new Date(), output: 'ok\n', passed: true, diagnostics: [] });
      expect(finished).toMatchObject({ status: 'passed', exitCode: 0 });
    });
    expect(calls).toEqual([]);
    expect(existsSync(join(root, '.git'))).toBe(false);
  });

  it('without git on the PATH: the run is journaled, with no tree, nothing is logged', async () => {
    const root = project();
    const r = recording(root);
    const path = process.env.PATH;
    const calls = await quietly(async () => {
      process.env.PATH = tempDir(); // an empty folder: no git to start
      try {
        const run = r.start();
        expect(await treeOf(r, run)).toBeNull();
        expect(r.journal.runs.get(run.id).status).toBe('running');
      } finally {
        process.env.PATH = path;
      }
    });
    expect(calls).toEqual([]);
  });

  it('when git fails (an unreadable index): the run goes on with no tree, and the failure is logged', async () => {
    const root = project();
    writeFileSync(join(root, '.git', 'index'), 'not an index\n');
    const r = recording(root);
    const calls = await quietly(async () => {
      const run = r.start();
      expect(await treeOf(r, run)).toBeNull();
      const finished = r.finish(run, { exitCode: 1, endedAt: new Date(), output: '', passed: false, diagnostics: [] });
      expect(finished).toMatchObject({ status: 'failed', exitCode: 1 });
    });
    expect(calls).toEqual([[expect.stringMatching(new RegExp(`^\\[stepwise\\] could not record the tree a run started on in ${root}: git status failed`))]]);
    expect(readFileSync(join(root, '.git', 'index'), 'utf8')).toBe('not an index\n');
  });
});
