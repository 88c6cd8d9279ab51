// The built `stepwise serve` (out/), on a given data folder and a clean shell
// home, for the in-browser benchmarks; resolves with the URL it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitForServerUrl } from './loopbackClient';
import { shellHomeEnv } from './shellHome';

const ROOT = join(__dirname, '..', '..');

export async function serveBuilt(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/stepwise.js'), 'serve', '--port', '0', '--no-open'], {
    cwd: ROOT,
    env: { ...process.env, STEPWISE_HOME: dataDir, ...shellHomeEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { url } = await waitForServerUrl(child, 30_000);
  return { url, child };
}
