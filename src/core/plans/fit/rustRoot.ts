// Which folder is a Rust project: one with a Cargo.toml. A folder without
// one is refused, naming the folder above it that has one (its workspace
// root first); a workspace member opened at the member is taken with the
// workspace it belongs to, as cargo would build it.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { readToml, type TomlScan } from '../../scanner/extractors/toml';

export interface RustRoot {
  /** The folder opened, which has a Cargo.toml. */
  root: string;
  /** The workspace this folder is a member of, when its root is a folder above it; null otherwise. */
  workspaceRoot: string | null;
}

/** A folder that is not a Rust project; `suggestion` is the folder above it to open instead, if any. */
export class NotARustProject extends Error {
  constructor(
    readonly folder: string,
    readonly suggestion: string | null,
  ) {
    super(
      suggestion
        ? `${folder} is not a Rust project: it has no Cargo.toml. ${suggestion} above it has one: open that folder instead.`
        : `${folder} is not a Rust project: neither it nor any folder above it has a Cargo.toml. Stepwise upgrades Rust projects; open the folder that holds Cargo.toml.`,
    );
    this.name = 'NotARustProject';
  }
}

/** `folder` (absolute, symlinks resolved) as a Rust project, or NotARustProject. */
export async function findRustRoot(folder: string): Promise<RustRoot> {
  const own = await readManifest(folder);
  if (!own) {
    const nearest = await nearestAbove(folder, () => true);
    const workspace = nearest && (await nearestAbove(nearest.dir, (m) => isWorkspace(m), true));
    throw new NotARustProject(folder, workspace?.dir ?? nearest?.dir ?? null);
  }
  if (isWorkspace(own)) return { root: folder, workspaceRoot: null };
  const workspace = await nearestAbove(folder, isWorkspace);
  return { root: folder, workspaceRoot: workspace && hasMember(workspace.manifest, relative(workspace.dir, folder)) ? workspace.dir : null };
}

async function readManifest(dir: string): Promise<TomlScan | null> {
  const text = await readFile(join(dir, 'Cargo.toml'), 'utf8').catch(() => null);
  return text === null ? null : readToml(text);
}

/** The first folder above `dir` (or `dir` itself, with `self`) whose Cargo.toml `accept`s. */
async function nearestAbove(dir: string, accept: (manifest: TomlScan) => boolean, self = false): Promise<{ dir: string; manifest: TomlScan } | null> {
  for (let at = self ? dir : dirname(dir); ; at = dirname(at)) {
    const manifest = await readManifest(at);
    if (manifest && accept(manifest)) return { dir: at, manifest };
    if (dirname(at) === at) return null;
  }
}

function isWorkspace(manifest: TomlScan): boolean {
  return manifest.headers.some((h) => h.path[0] === 'workspace') || manifest.values.some((v) => v.path[0] === 'workspace');
}

/** Whether `member` (relative, from the workspace root) is one of `[workspace] members` and not excluded. */
function hasMember(manifest: TomlScan, member: string): boolean {
  const path = member.split(sep).join('/');
  const listed = (key: string): string[] => manifest.values.filter((v) => v.path[0] === 'workspace' && v.path[1] === key && v.quoted).map((v) => v.value);
  const matches = (pattern: string): boolean => globRegExp(pattern.replace(/^\.\//, '').replace(/\/$/, '')).test(path);
  return listed('members').some(matches) && !listed('exclude').some(matches);
}

/** A members glob (`crates/*`, `tools/?x`) as a regular expression over one path. */
function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*');
  return new RegExp(`^${body}$`);
}
