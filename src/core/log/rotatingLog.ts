// A log file in the data directory (`logs/engine.log`, `logs/main.log`),
// rotated by size: NAME.log, then NAME.log.1 … NAME.log.(keep-1), oldest
// dropped. Plain Node, used by the engine's hosts (Electron's utility process,
// `stepwise serve`/`run`/`measure`) and by Electron's main process.
//
// Writes are synchronous: lines are rare (a start line, warnings, errors,
// engine exits), and a line written just before process.exit() — the fatal
// error that explains the exit — must not be lost in a write queue.
// Logging never throws: a folder that cannot be written falls back to stderr,
// said once.
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

/** The logs' folder in a data directory. */
export const LOGS_DIR = 'logs';

export type LogLevel = 'info' | 'warn' | 'error';

export interface RotatingLogOptions {
  /** Rotate before a line would take the file past this size (default 1 MiB). */
  maxBytes?: number;
  /** Files kept, the current one included (default 3: NAME.log, NAME.log.1, NAME.log.2). */
  keep?: number;
  /** Where lines go when the file cannot be written (default: stderr). */
  fallback?: (text: string) => void;
  /** The clock, for the line's timestamp. */
  now?: () => Date;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const DEFAULT_KEEP = 3;

function writeStderr(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    // No stderr either: nowhere left to say it.
  }
}

export class RotatingLog {
  /** The current file. */
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly fallback: (text: string) => void;
  private readonly now: () => Date;
  private fd: number | null = null;
  private size = 0;
  /** Set once the file failed: every later line goes to the fallback. */
  private failed = false;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    options: RotatingLogOptions = {},
  ) {
    this.file = join(dir, `${name}.log`);
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.keep = Math.max(1, options.keep ?? DEFAULT_KEEP);
    this.fallback = options.fallback ?? writeStderr;
    this.now = options.now ?? (() => new Date());
  }

  /** One entry: `2025-05-01T10:00:00.000Z WARN  message` (a multi-line message keeps its lines). */
  write(level: LogLevel, message: string): void {
    this.entry(level, message, true);
  }

  /**
   * An entry already printed elsewhere (the console): when the file cannot
   * be written it is not printed again, only the notice that says why.
   */
  copy(level: LogLevel, message: string): void {
    this.entry(level, message, false);
  }

  /** The entry that says which process started, so a log reads as a list of runs. */
  started(what: string, version: string): void {
    const runtime = process.versions.electron ? `Electron ${process.versions.electron}, ` : '';
    this.write(
      'info',
      `${what} ${version} started: pid ${process.pid}, ${process.platform} ${process.arch}, ${runtime}Node ${process.versions.node}`,
    );
  }

  close(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Closing is all that was left to do.
    }
    this.fd = null;
  }

  private entry(level: LogLevel, message: string, echo: boolean): void {
    const text = `${this.now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message.replace(/\n+$/, '')}\n`;
    if (!this.failed) {
      try {
        this.append(Buffer.from(text, 'utf8'));
        return;
      } catch (error) {
        this.failed = true;
        this.close();
        const reason = error instanceof Error ? error.message : String(error);
        this.fallback(`[stepwise] cannot write the log ${this.file} (${reason}); logging to stderr instead\n`);
      }
    }
    if (echo) this.fallback(text);
  }

  private append(bytes: Buffer): void {
    if (this.fd === null) this.open();
    // A line larger than a whole file still gets written, to a fresh file.
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) {
      this.rotate();
      this.open();
    }
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd!, bytes, written);
    this.size += bytes.length;
  }

  private open(): void {
    mkdirSync(this.dir, { recursive: true });
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  /** NAME.log.(n) -> NAME.log.(n+1), NAME.log -> NAME.log.1; the oldest is removed. */
  private rotate(): void {
    this.close();
    if (this.keep === 1) {
      rmSync(this.file, { force: true });
      return;
    }
    rmSync(`${this.file}.${this.keep - 1}`, { force: true });
    for (let n = this.keep - 2; n >= 1; n--) renameIfThere(`${this.file}.${n}`, `${this.file}.${n + 1}`);
    renameSync(this.file, `${this.file}.1`);
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error';
const LEVEL_OF: Record<ConsoleMethod, LogLevel> = { log: 'info', info: 'info', warn: 'warn', error: 'error' };

/**
 * Copies what the process prints with the given console methods into the
 * log, still printing it as before. Returns a function that undoes it.
 * The hosts use it so every console.error/warn already in the engine and in
 * main reaches the file without each call site knowing about logs.
 */
export function copyConsoleTo(log: RotatingLog, methods: ConsoleMethod[]): () => void {
  const originals = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const method of methods) {
    const original = console[method];
    originals.set(method, original);
    console[method] = (...args: unknown[]): void => {
      original.apply(console, args);
      log.copy(LEVEL_OF[method], format(...args));
    };
  }
  return () => {
    for (const [method, original] of originals) console[method] = original;
  };
}

/** The log `startLog` opened in this process, if any: where `logNote` writes. */
let current: RotatingLog | null = null;

/**
 * An engine's remark for its log file only (how shells are contained, what a
 * start found): a CLI's terminal is for what the user asked for.
 */
export function logNote(text: string): void {
  current?.copy('info', text);
}

export interface ProcessLog {
  log: RotatingLog;
  /** Stops copying the console and closes the file. */
  stop(): void;
}

/**
 * The log of one process in a data directory (`<dataDir>/logs/<name>.log`),
 * with its start line written and the given console methods copied into it.
 */
export function startLog(
  dataDir: string,
  name: 'engine' | 'main',
  what: string,
  version: string,
  methods: ConsoleMethod[],
  options?: RotatingLogOptions,
): ProcessLog {
  const log = new RotatingLog(join(dataDir, LOGS_DIR), name, options);
  log.started(what, version);
  const restoreConsole = copyConsoleTo(log, methods);
  current = log;
  return {
    log,
    stop() {
      restoreConsole();
      if (current === log) current = null;
      log.close();
    },
  };
}
