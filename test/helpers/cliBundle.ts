// The `stepwise` CLI bundled from the current sources, as electron-vite's main
// target bundles it (dependencies left to node_modules), for tests that must
// run it as its own process (to kill it, say). Built into .cache/ inside the
// repository so that its requires resolve against node_modules.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const REPO = resolve(__dirname, '../..');

export interface CliBundle {
  /** The bundle's path: run it with `node`. */
  file: string;
  remove(): void;
}

export async function buildCliBundle(): Promise<CliBundle> {
  mkdirSync(join(REPO, '.cache'), { recursive: true });
  const outDir = mkdtempSync(join(REPO, '.cache', 'test-cli-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: REPO,
    build: {
      ssr: join(REPO, 'src/cli/index.ts'),
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'cli.js' } },
    },
  });
  return { file: join(outDir, 'cli.js'), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI to its end. */
export function runCli(bundle: CliBundle, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bundle.file, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
