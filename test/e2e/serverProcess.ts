// Starts `stepwise serve` as a user would, on temporary data and home
// directories, and waits for the URL it prints.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { commitAll } from '../helpers/gitRepo';
import { shellHomeEnv } from '../helpers/shellHome';
import { copyRustFixture } from '../helpers/rustFixture';
import { waitForServerUrl } from '../helpers/loopbackClient';
import { processesWithEnv } from '../helpers/processes';

export const root = resolve(__dirname, '../..');

export interface ServerProcess {
  /** `http://127.0.0.1:PORT/#token=…`, as printed. */
  url: string;
  port: number;
  token: string;
  dataDir: string;
  home: string;
  process: ChildProcess;
  stop(): Promise<number | null>;
}

/**
 * `open`: let it open the browser (with `env`'s PATH, say, finding an opener that records what it was given).
 * `dataDir`: its STEPWISE_HOME (say, on a small disk); default a new temporary folder. Removed when it stops.
 */
export async function startServer(options: { open?: boolean; env?: NodeJS.ProcessEnv; dataDir?: string } = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stepwise-e2e-data-'));
  const shellEnv = shellHomeEnv();
  const home = shellEnv.HOME;
  const args = [join(root, 'bin', 'stepwise.js'), 'serve', '--port', '0', ...(options.open ? [] : ['--no-open'])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      STEPWISE_HOME: dataDir,
      ...shellEnv,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { log, ...printed } = await waitForServerUrl(child, 20_000);
  // The built server parses command output in a worker thread, off the engine's loop.
  // It says so just after its URL; on a loaded machine that can take a moment.
  for (const started = Date.now(); !log().includes('Output is parsed in a worker thread.'); ) {
    if (Date.now() - started > 10_000) throw new Error(`the server does not parse in a worker:\n${log()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
  return {
    ...printed,
    dataDir,
    home,
    process: child,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done(child.exitCode);
        child.once('exit', (code) => {
          rmSync(dataDir, { recursive: true, force: true });
          rmSync(home, { recursive: true, force: true });
          done(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A private copy of the Rust fixture: cargo writes target/ into it. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `stepwise-${name}-`));
  return copyRustFixture(dir, name);
}

/**
 * `stepwise serve` and a private copy of a Rust fixture for the spec that
 * calls this (at its top level). Afterwards the server must stop cleanly and
 * leave no process of its shell sessions behind.
 */
export function useServerAndFixture(fixture: string, options: { git?: boolean; env?: NodeJS.ProcessEnv } = {}): { readonly server: ServerProcess; readonly project: string } {
  return useServerAndProject(() => {
    const project = copyFixture(fixture);
    if (options.git) commitAll(project);
    return project;
  }, options.env);
}

/**
 * `stepwise serve` and the project folder `make` returns (called in
 * beforeAll, so not at all when every test of the spec is skipped), removed
 * afterwards; the server must stop cleanly and leave no process of its shell
 * sessions behind. `env`: more of the server's environment ($VISUAL, say).
 */
export function useServerAndProject(make: () => string, env?: NodeJS.ProcessEnv): { readonly server: ServerProcess; readonly project: string } {
  let server: ServerProcess | undefined;
  let project: string | undefined;
  test.beforeAll(async () => {
    server = await startServer({ env });
    project = make();
  });
  test.afterAll(async () => {
    if (!server || !project) return;
    const dataDir = server.dataDir;
    expect(await server.stop()).toBe(0);
    expect(processesWithEnv('STEPWISE_HOME', dataDir)).toEqual([]);
    rmSync(project, { recursive: true, force: true });
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    get project() {
      if (!project) throw new Error('the project is made in beforeAll');
      return project;
    },
  };
}

export interface PlanOutline {
  title: string;
  parameters: { name: string; value: string; source: string }[];
  phases: { id: string; title: string; steps: { id: string; title: string; kind: string; applies: boolean; reason: string }[] }[];
}

/** What `stepwise plan show --json` prints for the project with `params` set: what the app must show too. */
export function planShow(project: string, params: Record<string, string> = {}): PlanOutline & { value: (name: string) => string; step: (id: string) => PlanOutline['phases'][number]['steps'][number] } {
  const args = [join(root, 'bin', 'stepwise.js'), 'plan', 'show', '--project', project, '--json', ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`])];
  const cli = spawnSync(process.execPath, args, { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const outline = JSON.parse(cli.stdout) as PlanOutline;
  return {
    ...outline,
    value: (name) => outline.parameters.find((p) => p.name === name)!.value,
    step: (id) => outline.phases.flatMap((p) => p.steps).find((s) => s.id === id)!,
  };
}
