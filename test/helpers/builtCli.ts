// The `stepwise` CLI as users get it: the electron-vite bundle, built once per
// test file into its own folder (vitest runs files in parallel), run with node.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const ROOT = join(__dirname, '..', '..');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Everything printed so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves once stdout holds `text`; rejects if the CLI exits first. */
  waitForOutput(text: string): Promise<void>;
  done: Promise<CliResult>;
}

export interface RunOptions {
  /** Written to stdin, which is then closed. */
  input?: string | Buffer;
  /** `pipe` to feed it yourself (child.stdin). */
  stdin?: 'ignore' | 'pipe';
  /** Run as this user (the tests run as root, whom no permission stops): see `otherUser()` in processes.ts. */
  user?: { uid: number; gid: number };
}

export class BuiltCli {
  /** Started and not yet exited: a failed test must not leave one running. */
  private readonly live = new Set<ChildProcess>();

  private constructor(
    readonly outDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Builds the bundle; `env` is added to every run's environment. */
  static build(env: NodeJS.ProcessEnv): BuiltCli {
    mkdirSync(join(ROOT, '.cache'), { recursive: true });
    const outDir = mkdtempSync(join(ROOT, '.cache', 'cli-test-'));
    execFileSync(join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build', '--outDir', outDir, '--logLevel', 'error'], { cwd: ROOT, stdio: 'pipe' });
    chmodSync(outDir, 0o755); // another user may run it too (see RunOptions.user)
    return new BuiltCli(outDir, env);
  }

  /** The bundle's entry point, and the environment a run gets: for starting it in a pty. */
  get script(): string {
    return join(this.outDir, 'main', 'cli.js');
  }

  get runEnv(): Record<string, string> {
    return this.envWith({});
  }

  /** The run environment with `extra` added (say, one test's STEPWISE_HOME). */
  envWith(extra: NodeJS.ProcessEnv): Record<string, string> {
    return Object.fromEntries(Object.entries({ ...process.env, ...this.env, ...extra }).filter((e): e is [string, string] => e[1] !== undefined));
  }

  start(args: string[], extraEnv: NodeJS.ProcessEnv = {}, options: RunOptions = {}): RunningCli {
    // stdin is /dev/null, not a terminal: what a CI job gives; or `options.input`, then closed; or a pipe to feed.
    const stdin = options.stdin ?? (options.input === undefined ? 'ignore' : 'pipe');
    const child = spawn(process.execPath, [this.script, ...args], {
      cwd: ROOT,
      env: this.envWith(extraEnv),
      stdio: [stdin, 'pipe', 'pipe'],
      ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    });
    if (options.input !== undefined) {
      child.stdin!.on('error', () => {}); // a CLI that refuses early closes its stdin: not the test's failure
      child.stdin!.end(options.input);
    }
    let stdout = '';
    let stderr = '';
    const watchers = new Set<{ text: string; resolve: () => void }>();
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      for (const watcher of watchers) {
        if (!stdout.includes(watcher.text)) continue;
        watchers.delete(watcher);
        watcher.resolve();
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    this.live.add(child);
    const done = new Promise<CliResult>((resolve) =>
      child.on('close', (code, signal) => {
        this.live.delete(child);
        resolve({ code, signal, stdout, stderr });
      }),
    );
    return {
      child,
      get stdout() {
        return stdout;
      },
      get stderr() {
        return stderr;
      },
      waitForOutput: (text) =>
        new Promise<void>((resolve, reject) => {
          if (stdout.includes(text)) return resolve();
          watchers.add({ text, resolve });
          void done.then((r) => reject(new Error(`the CLI exited (${r.code}) before printing "${text}":\n${r.stdout}\n${r.stderr}`)));
        }),
      done,
    };
  }

  run(args: string[], extraEnv: NodeJS.ProcessEnv = {}, options: RunOptions = {}): Promise<CliResult> {
    return this.start(args, extraEnv, options).done;
  }

  /** Stops runs a failed test left behind (SIGTERM: they close their terminals), then removes the bundle. */
  async remove(): Promise<void> {
    await Promise.all(
      [...this.live].map(async (child) => {
        child.kill('SIGTERM');
        const exited = await Promise.race([once(child, 'close').then(() => true), delay(5000).then(() => false)]);
        if (!exited) child.kill('SIGKILL');
      }),
    );
    rmSync(this.outDir, { recursive: true, force: true });
  }
}
