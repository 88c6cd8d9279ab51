// A restore killed with SIGKILL at a random moment never leaves a
// half-restored tree. A large tree (2,000 files, about 2.5 MB) is restored by
// the CLI in its own process group, which is killed (with its git children)
// at a random moment (anywhere, in the restore phase, or in its commit phase),
// 20 times per store. The next CLI command settles the
// restore; the tree must then equal, byte for byte, the state before the
// restore or the snapshot, and the journal's restore row must say which.
// Replay a run with STEPWISE_SEED=<the seed printed>.
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotStores } from '../../src/core/snapshots';
import type { RestoreRecord } from '../../src/shared/model';
import { BuiltCli } from '../helpers/builtCli';
import { commitAll } from '../helpers/gitRepo';
import { seededRandom } from '../helpers/random';
import { listing, write } from '../helpers/treeListing';

const ITERATIONS = 20;
const FILES = 2000;
const SEED = Number(process.env.STEPWISE_SEED ?? Math.floor(Math.random() * 2 ** 31));

let cli: BuiltCli;
const cleanup: string[] = [];
beforeAll(() => {
  console.log(`restoreSigkill: seed ${SEED} (replay with STEPWISE_SEED=${SEED})`);
  cli = BuiltCli.build({});
});
afterAll(async () => {
  await cli?.remove();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

const temp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
};

/** Random text of `size` bytes. */
function content(random: () => number, size: number): string {
  let text = '';
  while (text.length < size) text += `${Math.floor(random() * 1e12).toString(36)} `;
  return text.slice(0, size);
}

/** Makes `root` hold exactly what `source` holds (outside .git). */
function resetTree(root: string, source: string): void {
  for (const name of readdirSync(root)) if (name !== '.git') rmSync(join(root, name), { recursive: true, force: true });
  cpSync(source, root, { recursive: true, verbatimSymlinks: true });
}

interface Outcome {
  status: RestoreRecord['status'] | 'no row';
  tree: 'before' | 'after';
}

for (const kind of ['git', 'folder'] as const) {
  describe(`SIGKILL during a restore (${kind} store)`, () => {
    it(`leaves the tree before or after, byte for byte, ${ITERATIONS} times`, async () => {
      const random = seededRandom(SEED + (kind === 'git' ? 0 : 1));
      const home = temp('stepwise-sigkill-home-');
      const root = temp(`stepwise-sigkill-${kind}-`);
      const run = (...args: string[]) => cli.run([...args, '--project', root], { STEPWISE_HOME: home });

      // The snapshot's state ("after"): a Rust project (Stepwise opens no other), 2,000 files in 60 folders, some executable, a few symlinks.
      write(root, 'Cargo.toml', '[package]\nname = "sigkill"\nversion = "0.1.0"\nedition = "2021"\n', 0o644);
      for (let i = 0; i < FILES; i++) write(root, `dir${i % 60}/file ${i}.txt`, content(random, 200 + Math.floor(random() * 1800)), i % 37 === 0 ? 0o755 : 0o644);
      for (let i = 0; i < 5; i++) symlinkSync(`../dir${i}/file ${i}.txt`, join(root, `dir${i + 1}`, `link${i}`));
      if (kind === 'git') commitAll(root);
      expect((await run('snapshots', 'create', '--label', 'after')).code).toBe(0);
      const after = listing(root);

      // The state before the restore: a fifth of the files changed, some removed, some added, exec bits flipped.
      for (let i = 0; i < FILES; i++) {
        const pick = random();
        const path = `dir${i % 60}/file ${i}.txt`;
        if (pick < 0.2) write(root, path, content(random, 300 + Math.floor(random() * 1500)));
        else if (pick < 0.23) unlinkSync(join(root, path));
        else if (pick < 0.24) chmodSync(join(root, path), i % 37 === 0 ? 0o644 : 0o755);
      }
      for (let i = 0; i < 150; i++) write(root, `new${i % 7}/added ${i}.txt`, content(random, 500));
      const before = listing(root);
      const pristine = temp('stepwise-sigkill-before-');
      cpSync(root, pristine, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith('/.git') });
      expect(before).not.toEqual(after);

      const storeJournal =
        kind === 'git' ? join(root, '.git', 'stepwise-restore.json') : join(new SnapshotStores(home).folder.cas(root).storeDir, 'restore-journal.json');

      // One uninterrupted restore: how long the whole command takes, and its restore phase.
      const timing = await timedRestore(cli, root, home, storeJournal);
      expect(timing.code).toBe(0);
      expect(listing(root)).toEqual(after);
      resetTree(root, pristine);
      expect(listing(root)).toEqual(before);
      let rows = 1;

      const outcomes: Outcome[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        // A third of the kills anywhere in the command's run, a third within its restore phase (once the store
        // journal exists), a third within its commit phase (once the journal says "committing").
        const when =
          i % 3 === 0
            ? { afterMs: random() * timing.totalMs }
            : i % 3 === 1
              ? { afterJournalMs: random() * timing.restoreMs }
              : { afterCommittingMs: random() * timing.commitMs };
        await killedRestore(cli, root, home, storeJournal, when);

        const listed = await run('snapshots', 'list', '--json'); // settles the cut-short restore
        expect(listed.code).toBe(0);
        const restores = (JSON.parse(listed.stdout) as { restores: RestoreRecord[] }).restores;
        expect(existsSync(storeJournal)).toBe(false);
        const tree = listing(root);
        const state = JSON.stringify(tree) === JSON.stringify(after) ? 'after' : JSON.stringify(tree) === JSON.stringify(before) ? 'before' : 'neither';
        const detail = `iteration ${i} (seed ${SEED}, ${JSON.stringify(when)})`;
        expect(state, detail).not.toBe('neither');
        expect(restores.length - rows, detail).toBeLessThanOrEqual(1);
        let status: Outcome['status'] = 'no row';
        if (restores.length > rows) {
          status = restores[restores.length - 1]!.status;
          expect(['done', 'finished-at-start', 'rolled-back-at-start'], detail).toContain(status);
          expect(state, `${detail}: the row says ${status}`).toBe(status === 'rolled-back-at-start' ? 'before' : 'after');
        } else {
          expect(state, `${detail}: killed before the restore was journaled`).toBe('before');
        }
        rows = restores.length;
        outcomes.push({ status, tree: state as Outcome['tree'] });
        if (state === 'after') resetTree(root, pristine);
      }
      const tally = new Map<string, number>();
      for (const o of outcomes) tally.set(o.status, (tally.get(o.status) ?? 0) + 1);
      console.log(
        `restoreSigkill ${kind}: ${[...tally].map(([s, n]) => `${s} ${n}`).join(', ')} ` +
          `(command ${Math.round(timing.totalMs)} ms, restore phase ${Math.round(timing.restoreMs)} ms, commit phase ${Math.round(timing.commitMs)} ms)`,
      );
    }, 600_000);
  });
}

/** Starts `stepwise snapshots restore 1` in its own process group (so a kill takes its git children too). */
function startRestore(cli: BuiltCli, root: string, home: string) {
  const child = spawn(process.execPath, [cli.script, 'snapshots', 'restore', '1', '--project', root], {
    env: cli.envWith({ STEPWISE_HOME: home }),
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

/** The store journal's state, from its first bytes: null while there is none. */
function journalState(storeJournal: string): 'preparing' | 'committing' | null {
  let fd: number;
  try {
    fd = openSync(storeJournal, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(1024);
    const text = head.toString('utf8', 0, readSync(fd, head, 0, head.length, 0));
    return text.includes('"committing"') ? 'committing' : 'preparing';
  } finally {
    closeSync(fd);
  }
}

async function timedRestore(cli: BuiltCli, root: string, home: string, storeJournal: string) {
  const started = performance.now();
  const { exited } = startRestore(cli, root, home);
  let journalSeen = 0;
  let committingSeen = 0;
  const poll = setInterval(() => {
    const state = journalState(storeJournal);
    if (!journalSeen && state) journalSeen = performance.now();
    if (!committingSeen && state === 'committing') committingSeen = performance.now();
  }, 1);
  const code = await exited;
  clearInterval(poll);
  const ended = performance.now();
  return {
    code,
    totalMs: ended - started,
    restoreMs: journalSeen ? ended - journalSeen : ended - started,
    commitMs: committingSeen ? ended - committingSeen : 20,
  };
}

async function killedRestore(
  cli: BuiltCli,
  root: string,
  home: string,
  storeJournal: string,
  when: { afterMs: number } | { afterJournalMs: number } | { afterCommittingMs: number },
): Promise<void> {
  const { child, exited } = startRestore(cli, root, home);
  const kill = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone: the restore finished first.
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  if ('afterMs' in when) timer = setTimeout(kill, when.afterMs);
  else {
    const [wanted, delay] = 'afterJournalMs' in when ? (['any', when.afterJournalMs] as const) : (['committing', when.afterCommittingMs] as const);
    poll = setInterval(() => {
      const state = journalState(storeJournal);
      if (state && (wanted === 'any' || state === wanted)) {
        clearInterval(poll);
        timer = setTimeout(kill, delay);
      }
    }, 1);
  }
  await exited;
  clearInterval(poll);
  clearTimeout(timer);
  kill(); // any git child still running dies with the group
}
