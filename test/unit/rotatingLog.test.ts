// The log files of the engine and the main process, in a real folder: lines
// land in order, the files rotate by size and never grow past it, and a
// folder that cannot be written sends the lines to the fallback, said once.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingLog, startLog } from '../../src/core/log/rotatingLog';
import { useTempDir } from '../helpers/tempDir';

const tempDir = useTempDir('stepwise-log-');
const clock = (): Date => new Date('2025-05-01T10:00:00.000Z');

/** Each file's lines, oldest file first. */
function linesOf(dir: string, name: string, keep: number): string[] {
  const files = [...Array(keep).keys()].reverse().map((n) => join(dir, n === 0 ? `${name}.log` : `${name}.log.${n}`));
  return files.filter(existsSync).flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean));
}

describe('RotatingLog', () => {
  it('writes timestamped lines, creating its folder', () => {
    const dir = join(tempDir(), 'logs');
    const log = new RotatingLog(dir, 'engine', { now: clock });
    log.write('warn', 'the parser worker failed');
    log.write('error', 'could not record run 3:\n  at line 1\n');
    log.close();
    expect(readFileSync(join(dir, 'engine.log'), 'utf8')).toBe(
      '2025-05-01T10:00:00.000Z WARN  the parser worker failed\n2025-05-01T10:00:00.000Z ERROR could not record run 3:\n  at line 1\n',
    );
  });

  it('rotates by size, keeps `keep` files and drops the oldest, losing no line of the ones kept', () => {
    const dir = tempDir();
    const maxBytes = 400;
    const log = new RotatingLog(dir, 'main', { maxBytes, keep: 3, now: clock });
    const written = Array.from({ length: 60 }, (_, i) => `line ${String(i).padStart(3, '0')}`);
    for (const line of written) log.write('info', line);
    log.close();

    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const file of readdirSync(dir)) expect(statSync(join(dir, file)).size).toBeLessThanOrEqual(maxBytes);
    const kept = linesOf(dir, 'main', 3).map((line) => line.slice(line.lastIndexOf('line ')));
    // The newest lines, in order, ending with the last one written.
    expect(kept.length).toBeGreaterThan(20);
    expect(kept).toEqual(written.slice(written.length - kept.length));
  });

  it('counts what an earlier run left in the file before rotating', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'engine.log'), 'x'.repeat(390) + '\n');
    const log = new RotatingLog(dir, 'engine', { maxBytes: 400, now: clock });
    log.write('info', 'after a restart');
    log.close();
    expect(readFileSync(join(dir, 'engine.log.1'), 'utf8')).toBe('x'.repeat(390) + '\n');
    expect(readFileSync(join(dir, 'engine.log'), 'utf8')).toContain('after a restart');
  });

  it('falls back when the folder cannot be written, says so once, and never throws', () => {
    const parent = tempDir();
    // A file where the logs folder should be: mkdir fails for every user, root included.
    writeFileSync(join(parent, 'logs'), '');
    const fallback: string[] = [];
    const log = new RotatingLog(join(parent, 'logs'), 'engine', { fallback: (text) => fallback.push(text), now: clock });
    expect(() => {
      log.write('error', 'first');
      log.write('warn', 'second');
      log.copy('warn', 'already printed by the console');
    }).not.toThrow();
    expect(fallback.filter((text) => text.includes('cannot write the log'))).toHaveLength(1);
    expect(fallback[0]).toContain(join(parent, 'logs', 'engine.log'));
    expect(fallback.slice(1)).toEqual(['2025-05-01T10:00:00.000Z ERROR first\n', '2025-05-01T10:00:00.000Z WARN  second\n']);
  });
});

describe('startLog', () => {
  const originals = { warn: console.warn, log: console.log };
  afterEach(() => Object.assign(console, originals));

  it('writes the start line and copies the chosen console methods into logs/NAME.log, still printing them', () => {
    const dataDir = tempDir();
    const printed: string[] = [];
    console.warn = (...args: unknown[]) => void printed.push(args.join(' '));
    console.log = (...args: unknown[]) => void printed.push(args.join(' '));
    const { stop } = startLog(dataDir, 'engine', 'Stepwise engine (server)', '1.2.3', ['warn'], { now: clock });
    console.warn('[stepwise] engine crashed (exit code %d); restarting it', 9);
    console.log('the serving URL with its token stays out of the log');
    stop();
    console.warn('after stop: printed, not logged');

    expect(printed).toEqual([
      '[stepwise] engine crashed (exit code %d); restarting it 9',
      'the serving URL with its token stays out of the log',
      'after stop: printed, not logged',
    ]);
    const text = readFileSync(join(dataDir, 'logs', 'engine.log'), 'utf8');
    expect(text).toMatch(
      new RegExp(
        `^2025-05-01T10:00:00.000Z INFO  Stepwise engine \\(server\\) 1\\.2\\.3 started: pid ${process.pid}, ${process.platform} ${process.arch}, Node ${process.versions.node}\\n`,
      ),
    );
    expect(text).toContain('WARN  [stepwise] engine crashed (exit code 9); restarting it\n');
    expect(text).not.toContain('token');
    expect(text).not.toContain('after stop');
  });
});
