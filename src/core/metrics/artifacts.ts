// The size of the release artifacts of the workspace's own crates: what a
// release build ships, not the dependencies' intermediate files. For every
// workspace target, the file cargo names after it (bin `x`, lib `libx.rlib`,
// cdylib `libx.so`/`.dylib`/`x.dll` and `x.wasm`, staticlib `libx.a`/`x.lib`)
// in `target/release` and in `target/<triple>/release` (a `build.target` in
// .cargo/config puts them there). A file left by an earlier build of another
// target is counted too: sizes are read from the target directory as it is.
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface Artifact {
  /** Relative to the target directory, e.g. `release/libphotondrift.rlib`. */
  path: string;
  bytes: number;
}

interface WorkspaceTargets {
  targetDirectory: string;
  targets: { name: string; kinds: string[] }[];
}

/** `cargo metadata --no-deps`: the workspace's own targets and where cargo builds them. */
export function readWorkspaceTargets(root: string, timeoutMs = 60_000): Promise<WorkspaceTargets> {
  return new Promise((resolve, reject) => {
    execFile(
      'cargo',
      ['metadata', '--no-deps', '--offline', '--format-version', '1'],
      { cwd: root, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`cargo metadata failed: ${stderr.trim().split('\n').pop() ?? error.message}`));
          return;
        }
        try {
          resolve(parseWorkspaceTargets(stdout));
        } catch (parseError) {
          reject(new Error(`cargo metadata printed something unexpected: ${(parseError as Error).message}`));
        }
      },
    );
  });
}

export function parseWorkspaceTargets(json: string): WorkspaceTargets {
  const data = JSON.parse(json) as { target_directory?: unknown; packages?: unknown };
  if (typeof data.target_directory !== 'string' || !Array.isArray(data.packages)) throw new Error('no target_directory or packages');
  const targets: WorkspaceTargets['targets'] = [];
  for (const pkg of data.packages as { targets?: { name?: unknown; kind?: unknown }[] }[]) {
    for (const t of pkg.targets ?? []) {
      if (typeof t.name === 'string' && Array.isArray(t.kind)) targets.push({ name: t.name, kinds: t.kind.filter((k): k is string => typeof k === 'string') });
    }
  }
  return { targetDirectory: data.target_directory, targets };
}

/** The file names cargo gives a target's release output, on any platform. */
export function artifactNames(target: { name: string; kinds: string[] }): string[] {
  const lib = target.name.replace(/-/g, '_');
  const names: string[] = [];
  for (const kind of target.kinds) {
    if (kind === 'bin') names.push(target.name, `${target.name}.exe`, `${target.name}.wasm`);
    if (kind === 'lib' || kind === 'rlib') names.push(`lib${lib}.rlib`);
    if (kind === 'cdylib' || kind === 'dylib') names.push(`lib${lib}.so`, `lib${lib}.dylib`, `${lib}.dll`, `${lib}.wasm`);
    if (kind === 'staticlib') names.push(`lib${lib}.a`, `${lib}.lib`);
    if (kind === 'proc-macro') names.push(`lib${lib}.so`, `lib${lib}.dylib`, `${lib}.dll`);
  }
  return names;
}

export async function releaseArtifacts(workspace: WorkspaceTargets): Promise<Artifact[]> {
  const wanted = new Set(workspace.targets.flatMap(artifactNames));
  const dirs = ['release'];
  for (const entry of await readdir(workspace.targetDirectory, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory() && entry.name.includes('-')) dirs.push(join(entry.name, 'release'));
  }
  const found: Artifact[] = [];
  for (const dir of dirs) {
    const names = await readdir(join(workspace.targetDirectory, dir)).catch(() => [] as string[]);
    for (const name of names.filter((n) => wanted.has(n)).sort()) {
      const info = await stat(join(workspace.targetDirectory, dir, name));
      if (info.isFile()) found.push({ path: join(dir, name), bytes: info.size });
    }
  }
  return found;
}
