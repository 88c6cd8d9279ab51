// A run cut off by a crash keeps its output up to near the kill. The built
// CLI (`stepwise run`, the engine in its own process) runs a plan step that
// floods its terminal with numbered lines; the engine is killed with SIGKILL
// in the middle of the flood, and once the flood is over. The next engine
// to open the journal finds the run interrupted, with its output's head
// and tail as they were journaled at most SAVE_EVERY_MS before the kill:
// the first lines, the cut marked with its size, and lines up to about
// where the flood had got. Replay with STEPWISE_SEED=<the seed printed>.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAVE_EVERY_MS } from '../../src/core/runs/runOutputProgress';
import { Journal } from '../../src/core/journal/journal';
import { JOURNAL_FILE } from '../../src/core/platform/fs/paths';
import { BuiltCli } from '../helpers/builtCli';
import { processesWith } from '../helpers/processes';
import { seededRandom } from '../helpers/random';
import { shellHomeEnv } from '../helpers/shellHome';

const SEED = Number(process.env.STEPWISE_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** How late the engine may be in reading what the pty took, on a loaded 2-core machine. */
const SLACK_MS = 3000;
const FLOOD_MIB = 60;

// Prints MB megabytes of numbered lines, one MiB every 200 ms, logging after each
// MiB the pty took (time, last line); then `flood-done`, and waits to be killed.
const GENERATOR = `
const fs = require('node:fs');
const [mb, log] = [Number(process.argv[2]), process.argv[3]];
let line = 0;
let written = 0;
const mib = () => { let s = ''; while (s.length < 1 << 20) s += 'line ' + ++line + ' ' + 'x'.repeat(60) + '\\n'; return s; };
const next = () => {
  if (written >= mb) return process.stdout.write('flood-done\\n', () => { fs.appendFileSync(log, Date.now() + ' done ' + line + '\\n'); setInterval(() => {}, 1e6); });
  written++;
  process.stdout.write(mib(), () => { fs.appendFileSync(log, Date.now() + ' ' + line + '\\n'); setTimeout(next, 200); });
};
next();
`;

let work: string;
let cli: BuiltCli;
beforeAll(() => {
  console.log(`runOutputSigkill: seed ${SEED} (replay with STEPWISE_SEED=${SEED})`);
  work = mkdtempSync(join(tmpdir(), 'stepwise-output-sigkill-'));
  writeFileSync(join(work, 'flood.cjs'), GENERATOR);
  cli = BuiltCli.build(shellHomeEnv());
});
afterAll(async () => {
  await cli?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `[time, last line]` for each MiB the pty took; `done` once flood-done was printed. */
function progress(log: string): { at: number; line: number; done: boolean }[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((entry) => {
      const [at, second, third] = entry.split(' ');
      return second === 'done' ? { at: Number(at), line: Number(third), done: true } : { at: Number(at), line: Number(second), done: false };
    });
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

describe('SIGKILL during a flood of output', () => {
  for (const when of ['mid-flood', 'after the flood'] as const) {
    it(`leaves the run interrupted with its output up to near the kill (${when})`, async () => {
      const random = seededRandom(SEED + (when === 'mid-flood' ? 0 : 1));
      const dir = mkdtempSync(join(work, 'case-'));
      const home = join(dir, 'data');
      const project = join(dir, 'project');
      const log = join(dir, 'flood.log');
      writeFileSync(join(dir, 'plan.yaml'), planYaml(`node ${join(work, 'flood.cjs')} ${FLOOD_MIB} ${log}`));
      mkdirSync(project);
      writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "p"\n'); // a Rust project: the engine opens no other

      const running = cli.start(['run', join(dir, 'plan.yaml'), '--project', project, '--yes'], { STEPWISE_HOME: home });
      // Mid-flood: late enough that its first MiB must have been saved, 0 to 3 s more (60 MiB at 5 MiB/s at most);
      // after: 0 to 3 s more after its end.
      const first = await until('the flood to start', () => progress(log)[0]);
      const killAt =
        when === 'mid-flood'
          ? first.at + SAVE_EVERY_MS + SLACK_MS + random() * 3000
          : (await until('the flood to end', () => progress(log).find((p) => p.done), 120_000)).at + SAVE_EVERY_MS + SLACK_MS + random() * 3000;
      await delay(Math.max(0, killAt - Date.now()));
      const killedAt = Date.now();
      running.child.kill('SIGKILL');
      await running.done;
      // The pty's shell got SIGHUP with the engine gone: the flood must not outlive it.
      await until('the flood to be gone', () => (processesWith(join(work, 'flood.cjs')).length === 0 ? true : undefined), 10_000);

      const journal = Journal.open(join(home, JOURNAL_FILE), { recover: true }); // what the next engine does first
      try {
        const [session] = journal.sessions.summaries();
        const [run] = journal.runs.forSession(session!.id);
        expect(run).toMatchObject({ stepId: 'flood', status: 'interrupted' });
        const output = journal.runs.output(run!.id);
        const sizes = journal.runs.outputSizes(run!.id);
        const lines = output.split('\r\n');
        const numbers = lines.map((l) => Number(/^line (\d+) x+$/.exec(l)?.[1])).filter((n) => !Number.isNaN(n));
        const lastSaved = numbers.at(-1) ?? 0;
        // Printed (taken by the pty) early enough that a save must have read it before the kill.
        const printedBy = progress(log).filter((p) => p.at <= killedAt - SAVE_EVERY_MS - SLACK_MS);
        const mustHave = printedBy.at(-1)?.line ?? 0;
        const detail = `${when}, seed ${SEED}: saved up to line ${lastSaved}, printed up to line ${mustHave} ${SAVE_EVERY_MS + SLACK_MS} ms before the kill`;
        console.log(`runOutputSigkill ${detail}; kept ${sizes?.keptBytes} of ${sizes?.totalBytes} bytes`);
        expect(mustHave, detail).toBeGreaterThan(0);
        expect(lines[0], detail).toBe('line 1 ' + 'x'.repeat(60));
        expect(lastSaved, detail).toBeGreaterThanOrEqual(mustHave);
        expect(sizes!.keptBytes, detail).toBeLessThanOrEqual(2 * 1024 * 1024);
        expect(Buffer.byteLength(output), detail).toBeLessThan(2 * 1024 * 1024 + 200);
        if (sizes!.totalBytes > sizes!.keptBytes) expect(output, detail).toMatch(/\r\n… .+ not kept \([\d,]+ bytes\) …\r\n/);
        if (when === 'after the flood') {
          expect(lines.at(-2), detail).toBe('flood-done');
          expect(sizes!.totalBytes, detail).toBe(floodBytes(lastSaved) + 'flood-done\r\n'.length);
        }
      } finally {
        journal.close();
      }
    }, 300_000);
  }
});

/** The bytes of the flood's first `lines` lines, as the pty gives them (`\r\n`). */
function floodBytes(lines: number): number {
  let bytes = 0;
  for (let n = 1; n <= lines; n++) bytes += `line ${n} `.length + 60 + 2;
  return bytes;
}

function planYaml(command: string): string {
  return `id: flood
title: Flood
phases:
  - id: only
    title: Only
    steps:
      - id: flood
        title: Flood the terminal
        kind: command
        command: ${command}
`;
}
