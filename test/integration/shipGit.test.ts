// The plumbing a shipped branch is built with, on a real repository: a step's
// change applied without the edits made by hand before it, unless it needs
// them; whitespace-only changes told apart as git diff -w tells them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepo, type Repo } from '../../src/core/snapshots/git/exec';
import { applyPaths, changedPaths, scratchIndex, whitespaceOnlyPaths, type ScratchIndex } from '../../src/core/ship/shipGit';
import { commitAll, gitIn, gitOut } from '../helpers/gitRepo';

let dir: string;
let repo: Repo;
let index: ScratchIndex;

/** The tree of the repository's index with `files` written and added (nothing committed). */
function treeWith(files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  gitIn(dir, 'add', '-A');
  return gitOut(dir, 'write-tree').trim();
}

const LINES = (n: number, edit: Record<number, string> = {}): string => Array.from({ length: n }, (_, i) => edit[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-ship-git-'));
  writeFileSync(join(dir, 'a.txt'), LINES(20));
  commitAll(dir);
  repo = await openRepo(dir);
  index = await scratchIndex();
});

afterAll(async () => {
  await index?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('applyPaths', () => {
  it("applies a step's change without a hand edit made before it elsewhere in the file", async () => {
    const base = treeWith({ 'a.txt': LINES(20) });
    const from = treeWith({ 'a.txt': LINES(20, { 2: 'by hand' }) });
    const to = treeWith({ 'a.txt': LINES(20, { 2: 'by hand', 18: 'by the step' }) });
    const { tree, carried } = await applyPaths(repo, index, base, from, to, ['a.txt']);
    expect(carried).toBe(false);
    expect(gitOut(dir, 'cat-file', 'blob', `${tree}:a.txt`)).toBe(LINES(20, { 18: 'by the step' }));
  });

  it('carries the hand edit when the change cannot apply without it', async () => {
    const base = treeWith({ 'a.txt': LINES(20) });
    const from = treeWith({ 'a.txt': LINES(20, { 10: 'by hand' }) });
    const to = treeWith({ 'a.txt': LINES(20, { 10: 'by hand', 11: 'by the step' }) });
    const { tree, carried } = await applyPaths(repo, index, base, from, to, ['a.txt']);
    expect(carried).toBe(true);
    expect(gitOut(dir, 'cat-file', 'blob', `${tree}:a.txt`)).toBe(LINES(20, { 10: 'by hand', 11: 'by the step' }));
  });

  it('adds and removes files, and leaves the paths not given as they are in the base', async () => {
    const base = treeWith({ 'a.txt': LINES(20), 'b.txt': 'b\n' });
    const to = treeWith({ 'a.txt': LINES(20, { 1: 'x' }), 'c.txt': 'c\n' });
    gitIn(dir, 'rm', '-q', '--cached', 'b.txt');
    const toWithout = gitOut(dir, 'write-tree').trim();
    expect(await changedPaths(repo, base, toWithout)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    const { tree } = await applyPaths(repo, index, base, base, toWithout, ['b.txt', 'c.txt']);
    expect(gitOut(dir, 'ls-tree', '--name-only', tree).split('\n').filter(Boolean)).toEqual(['a.txt', 'c.txt']);
    expect(gitOut(dir, 'cat-file', 'blob', `${tree}:a.txt`)).toBe(LINES(20));
    expect(to).not.toBe(base);
  });
});

describe('whitespaceOnlyPaths', () => {
  it('is the files changed by spaces, tabs and blank lines within lines only, not a changed word, an added, deleted or re-moded file', async () => {
    const from = treeWith({ 'a.txt': 'fn main() { x }\n', 'b.txt': 'one two\n', 'c.txt': 'c\n', 'gone.txt': 'g\n', 'run.sh': 'echo\n' });
    gitIn(dir, 'update-index', '--chmod=+x', 'run.sh');
    const moded = gitOut(dir, 'write-tree').trim();
    // run.sh back to its mode on disk (not executable), gone.txt out of the index.
    treeWith({ 'a.txt': '\nfn  main()\t{ x }  \n\n', 'b.txt': 'one three\n', 'c.txt': 'c\n', 'new.txt': '\n' });
    gitIn(dir, 'rm', '-q', '--cached', 'gone.txt');
    const to = gitOut(dir, 'write-tree').trim();
    expect(await changedPaths(repo, moded, to)).toEqual(['a.txt', 'b.txt', 'gone.txt', 'new.txt', 'run.sh']);
    expect([...(await whitespaceOnlyPaths(repo, moded, to))]).toEqual(['a.txt']);
    expect([...(await whitespaceOnlyPaths(repo, from, moded))]).toEqual([]);
    // As git diff -w sees it: line by line, so a line split in two is more than whitespace.
    const split = treeWith({ 'a.txt': 'fn main() {\n x }\n' });
    expect([...(await whitespaceOnlyPaths(repo, from, split))]).toEqual([]);
  });
});
