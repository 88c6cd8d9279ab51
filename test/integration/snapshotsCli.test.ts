// `stepwise snapshots` as its own process on a real git work tree, with the
// journal in $STEPWISE_HOME: create, list (table and JSON), diff (--stat and
// unified), restore (files and all), warm, and refusal to write while an
// engine owns the data directory.
import { chmodSync, existsSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine/engine';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import type { SnapshotSummary } from '../../src/shared/contract';
import type { RestoreRecord } from '../../src/shared/model';
import { BuiltCli } from '../helpers/builtCli';
import { setTimeout as delay } from 'node:timers/promises';
import { commitAll, gitIn } from '../helpers/gitRepo';
import { processesWith } from '../helpers/processes';
import { listing, write } from '../helpers/treeListing';

describe('stepwise snapshots', () => {
  let cli: BuiltCli;
  let home: string;
  let root: string;
  const run = (...args: string[]) => cli.run([...args, '--project', root], { STEPWISE_HOME: home });

  beforeAll(() => {
    cli = BuiltCli.build({});
    home = mkdtempSync(join(tmpdir(), 'stepwise-cli-home-'));
    root = mkdtempSync(join(tmpdir(), 'stepwise-cli-project-'));
    write(root, 'Cargo.toml', '[package]\nname = "cli"\n');
    write(root, 'src/lib.rs', 'pub fn a() {}\n');
    write(root, 'my notes.txt', 'spaces in the name\n');
    commitAll(root);
  });
  afterAll(async () => {
    await cli?.remove();
    rmSync(home, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  it('says so when a project has no snapshots', async () => {
    const listed = await run('snapshots', 'list');
    expect(listed).toMatchObject({ code: 0, stdout: `No snapshots of ${root} yet.\n` });
  });

  it('warms the snapshot index as opening the project does, once', async () => {
    const warmed = await run('snapshots', 'warm');
    expect(warmed).toMatchObject({ code: 0, stderr: '' });
    expect(warmed.stdout).toMatch(/^Prepared the snapshot index of .+ in \d+ ms\.\n$/);
    expect(readdirSync(join(root, '.git', 'stepwise')).filter((name) => name.startsWith('index-'))).toHaveLength(1);
    expect((await run('snapshots', 'warm')).stdout).toMatch(/^The snapshot index of .+ was ready already \(\d+ ms\)\.\n$/);
    const folder = mkdtempSync(join(tmpdir(), 'stepwise-cli-folder-'));
    try {
      const outside = await cli.run(['snapshots', 'warm', '--project', folder], { STEPWISE_HOME: home });
      expect(outside).toMatchObject({ code: 0, stdout: `${realpathSync(folder)} is not in a git work tree: its snapshots are copies, with no index to prepare.\n` });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('warm stopped by Ctrl-C (SIGINT) ends its git and what git started, leaves no index behind, exits 130', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'stepwise-cli-slow-warm-'));
    try {
      write(repo, 'a.txt', 'a\n');
      commitAll(repo);
      // An fsmonitor hook that takes its time: git status waits on it, in git's own process group.
      const started = join(repo, 'hook-started');
      write(repo, '.git/slow-hook', `#!/bin/sh\ntouch '${started}'\nsleep 47.5\nexit 1\n`);
      chmodSync(join(repo, '.git/slow-hook'), 0o755);
      gitIn(repo, 'config', 'core.fsmonitor', join(repo, '.git/slow-hook'));
      const warm = cli.start(['snapshots', 'warm', '--project', repo], { STEPWISE_HOME: home });
      for (let i = 0; i < 200 && !existsSync(started); i++) await delay(50);
      expect(existsSync(started), warm.stderr).toBe(true);
      warm.child.kill('SIGINT');
      const result = await warm.done;
      expect(result).toMatchObject({ code: 130, stdout: '' });
      expect(result.stderr).toMatch(/^stepwise: stopped: the snapshot index of .+ was not prepared\.\n$/);
      expect(processesWith('sleep 47.5')).toEqual([]);
      expect(readdirSync(join(repo, '.git', 'stepwise'))).toEqual([]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('creates, lists, diffs and restores', async () => {
    const original = listing(root);
    const created = await run('snapshots', 'create', '--label', 'before edits');
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/^Snapshot #1 taken in \d+ ms: 3 files \(git \S+\)\.\n$/);

    write(root, 'src/lib.rs', 'pub fn a() {}\npub fn b() {}\n');
    write(root, 'my notes.txt', 'changed\n');
    write(root, 'extra.rs', 'fn x() {}\n');

    const table = await run('snapshots', 'list');
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+TIME\s+KIND\s+STEP\s+FILES\s+CHANGED\s+SIZE\s+LABEL$/);
    expect(lines[1]).toMatch(/^#1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+manual\s+-\s+3\s+3\s+\d+ B\s+before edits$/);

    const json = JSON.parse((await run('snapshots', 'list', '--json')).stdout) as { snapshots: SnapshotSummary[] };
    expect(json.snapshots).toHaveLength(1);
    expect(json.snapshots[0]).toMatchObject({ id: 1, kind: 'manual', changedFiles: 3, store: 'git' });
    expect(json.snapshots[0]!.toolchain).not.toBeNull();

    const stat = await run('snapshots', 'diff', '1', '--stat');
    expect(stat.stdout).toBe(
      [' extra.rs     | +1 -0 (added)', ' my notes.txt | +1 -1 (modified)', ' src/lib.rs   | +1 -0 (modified)', ' 3 files changed, 3 insertions(+), 1 deletions(-)', ''].join('\n'),
    );
    const unified = await run('snapshots', 'diff', '1');
    expect(unified.stdout).toContain('--- a/src/lib.rs\n+++ b/src/lib.rs\n');
    expect(unified.stdout).toContain('+pub fn b() {}');

    const partial = await run('snapshots', 'restore', '1', '--files', 'my notes.txt');
    expect(partial.code).toBe(0);
    expect(partial.stdout).toMatch(/^Restored files my notes.txt of snapshot #1 in \d+ ms \(restore #1, done\)\.\n/);
    expect(partial.stdout).toMatch(/to undo: stepwise snapshots restore 2 --files my notes.txt/);
    expect(readFileSync(join(root, 'my notes.txt'), 'utf8')).toBe('spaces in the name\n');
    expect(readFileSync(join(root, 'src/lib.rs'), 'utf8')).toContain('fn b');

    const all = await run('snapshots', 'restore', '1', '--json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).restore).toMatchObject({ status: 'done', mode: 'all', snapshotId: 1 });
    expect(listing(root)).toEqual(original);

    const restores = JSON.parse((await run('snapshots', 'list', '--json')).stdout).restores as RestoreRecord[];
    expect(restores.map((r) => [r.mode, r.status])).toEqual([
      ['files', 'done'],
      ['all', 'done'],
    ]);
  });

  it('refuses to write while an engine owns the data directory, and still reads', async () => {
    const engine = Engine.open({ dataDir: home, resourcesDir: resolveResourcesDir(), host: 'server', version: 'test' });
    try {
      const refused = await run('snapshots', 'restore', '1');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/Stepwise is already running with data directory .* \(pid \d+\).*use its Snapshots page, or close it/);
      expect((await run('snapshots', 'create')).code).toBe(1);
      const listed = await run('snapshots', 'list');
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('before edits');
    } finally {
      await engine.shutdown();
    }
  });

  it('explains bad input', async () => {
    expect((await run('snapshots', 'restore', '1', '--files', 'a', '--emergency')).stderr).toMatch(/--files and --emergency do not go together/);
    expect((await run('snapshots', 'diff', 'x')).stderr).toMatch(/the snapshot id must be a positive whole number, not "x"/);
    expect((await run('snapshots', 'restore', '99')).stderr).toMatch(/no snapshot 99 in the journal/);
    expect((await run('snapshots', 'frobnicate')).stderr).toMatch(/unknown snapshots command "frobnicate"/);
  });

  it('refuses bad options and a --project that is not a folder (exit 2, one line), making no journal or data directory', async () => {
    const work = mkdtempSync(join(tmpdir(), 'stepwise-cli-bad-'));
    const file = join(work, 'a file');
    writeFileSync(file, 'not a folder\n');
    const fresh = join(work, 'data');
    try {
      const cases: [string[], RegExp][] = [
        [['snapshots', 'warm', '--bogus'], /^stepwise: Unknown option '--bogus'.*\n$/],
        [['snapshots', 'warm', '--project'], /^stepwise: Option '--project <value>' argument missing\n$/],
        [['snapshots', 'warm', 'extra'], /^stepwise: Unexpected argument 'extra'.*\n$/],
        [['snapshots', 'list', '--kind', 'nonsense'], /^stepwise: Unknown option '--kind'.*\n$/],
        [['snapshots', 'warm', '--project', file], /^stepwise: --project: Not a folder: .*a file\n$/],
        [['snapshots', 'create', '--project', file], /^stepwise: --project: Not a folder: .*a file\n$/],
        [['snapshots', 'warm', '--project', join(work, 'nowhere')], /^stepwise: --project: No such folder: .*nowhere\n$/],
      ];
      for (const [args, message] of cases) {
        const result = await cli.run(args, { STEPWISE_HOME: fresh });
        expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(2);
        expect(result.stderr, args.join(' ')).toMatch(message);
        expect(existsSync(fresh), `${args.join(' ')} made the data directory`).toBe(false);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
