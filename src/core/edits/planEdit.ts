// Works out what an edit step would change, without changing anything: the
// caller shows the diff first and applies it only when the user says so.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch, structuredPatch } from 'diff';
import type { EditAtTarget, EditSpec } from '../../shared/model';
import type { Pin } from '../../shared/scan';
import { globToRegex } from '../scanner/gitignore';

export interface FileChange {
  /** Relative to the project root, `/`-separated. */
  file: string;
  before: string;
  after: string;
}

export interface EditPreview {
  changes: FileChange[];
  /** Digest of every change: applying checks the files still give this one. */
  digest: string;
  /** Places that already say what the edit would write: pins whose value is `to`, files holding the replacement and not the text it replaces. */
  atTarget: EditAtTarget[];
}

export class EditError extends Error {
  override name = 'EditError';
}

export interface EditContext {
  root: string;
  /** Pins from a fresh scan of `root`. */
  pins: Pin[];
  /** Every project file (relative paths), for a `replace` without `files` or with a glob in them. */
  listFiles: () => Promise<string[]>;
}

/** A `files` entry with `*`, `?` or `[` is a glob over the project's files; any other is one file's path. */
const GLOB = /[*?[]/;

interface ReplaceTarget {
  file: string;
  /** A file named by its path must hold the text; one a glob (or no `files`) found is skipped when it does not. */
  required: boolean;
}

export async function planEdit(spec: EditSpec, context: EditContext): Promise<EditPreview> {
  const changes = new Map<string, FileChange>();
  const atTarget: EditAtTarget[] = [];
  const current = async (file: string): Promise<FileChange> => {
    let change = changes.get(file);
    if (!change) {
      const before = await readFile(insideRoot(context.root, file), 'utf8').catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new EditError(`${file} does not exist in the project`);
        throw error;
      });
      change = { file, before, after: before };
      changes.set(file, change);
    }
    return change;
  };

  if (spec.pins) {
    const { kinds, name, to } = spec.pins;
    // A `${RUST_VERSION}` reference is left alone: the ARG or variable that defines it is a pin of its own.
    const pins = context.pins.filter(
      (p) => kinds.includes(p.kind) && (name === undefined || p.name === name) && !p.value.includes('$'),
    );
    // Last pin first, so earlier columns on the same line stay valid.
    pins.sort((a, b) => a.file.localeCompare(b.file) || b.line - a.line || b.column - a.column);
    for (const pin of pins) {
      if (pin.value === to || (pin.kind === 'cargo-dependency' && sameRequirement(pin.value, to))) {
        atTarget.push({ file: pin.file, line: pin.line, says: pin.value });
        continue;
      }
      const change = await current(pin.file);
      change.after = replacePin(change.after, pin, to);
    }
  }

  if (spec.replace) {
    const { find, with: replacement, files } = spec.replace;
    if (!find.isWellFormed() || !replacement.isWellFormed()) {
      throw new EditError('The edit\'s text is not well-formed Unicode (half of a surrogate pair); it would corrupt the file');
    }
    for (const { file, required } of await replaceTargets(files, context)) {
      const text = required ? (await current(file)).after : (changes.get(file)?.after ?? (await readFile(insideRoot(context.root, file), 'utf8').catch(() => '')));
      if (!text.includes(find)) {
        // Done already (an earlier apply, or by hand): the replacement is there and what it replaces is not.
        if (replacement && text.includes(replacement)) atTarget.push({ file, line: lineOf(text, replacement), says: quoted(replacement) });
        else if (required) throw new EditError(`${file} does not contain "${find}"`);
        continue;
      }
      const change = await current(file);
      change.after = change.after.split(find).join(replacement);
    }
  }

  const list = [...changes.values()].filter((c) => c.after !== c.before).sort((a, b) => a.file.localeCompare(b.file));
  atTarget.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return { changes: list, digest: digestOf(list), atTarget };
}

/** The 1-based line where `text` first holds `part`. */
function lineOf(text: string, part: string): number {
  return text.slice(0, text.indexOf(part)).split('\n').length;
}

/** A replacement as a place "says" it: its first line, quoted, cut when long. */
function quoted(replacement: string): string {
  const first = replacement.split('\n').find((line) => line.trim()) ?? replacement;
  const cut = first.trim().length > 60 ? `${first.trim().slice(0, 57)}…` : first.trim();
  return JSON.stringify(cut);
}

/**
 * The files a `replace` looks in: every project file without `files`; else
 * each path as given, and the project files each glob matches (a Markdown
 * plan's Makefile step names the Makefiles by glob, so it reaches no other file).
 */
async function replaceTargets(files: string[] | undefined, context: EditContext): Promise<ReplaceTarget[]> {
  if (!files) return (await context.listFiles()).map((file) => ({ file, required: false }));
  const paths = files.filter((entry) => !GLOB.test(entry));
  const globs = files.filter((entry) => GLOB.test(entry)).map((glob) => new RegExp(`^${globToRegex(glob)}$`));
  const matched = globs.length === 0 ? [] : (await context.listFiles()).filter((file) => !paths.includes(file) && globs.some((glob) => glob.test(file)));
  return [...paths.map((file) => ({ file, required: true })), ...matched.map((file) => ({ file, required: false }))];
}

/** Replaces exactly the pinned value, where the scan saw it; the rest of the line is kept. */
function replacePin(text: string, pin: Pin, to: string): string {
  const lines = text.split('\n');
  const line = lines[pin.line - 1];
  const start = pin.column - 1;
  if (line === undefined || line.slice(start, start + pin.value.length) !== pin.value) {
    throw new EditError(`${pin.file}:${pin.line}:${pin.column} no longer says "${pin.value}"; the file changed since the scan`);
  }
  lines[pin.line - 1] = line.slice(0, start) + to + line.slice(start + pin.value.length);
  return lines.join('\n');
}

export function insideRoot(root: string, file: string): string {
  const path = resolve(root, file);
  if (isAbsolute(file) || (path !== root && !path.startsWith(root + sep)) || relative(root, path).startsWith('..')) {
    throw new EditError(`${file} is outside the project`);
  }
  return path;
}

export function digestOf(changes: FileChange[]): string {
  const hash = createHash('sha256');
  for (const c of changes) hash.update(c.file).update('\0').update(c.before).update('\0').update(c.after).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export function unifiedDiff(change: FileChange): string {
  return createTwoFilesPatch(`a/${change.file}`, `b/${change.file}`, change.before, change.after, undefined, undefined, { context: 3 });
}

/** Lines added and removed by a change. */
export function lineCounts(change: FileChange): { additions: number; deletions: number } {
  const lines = structuredPatch(change.file, change.file, change.before, change.after).hunks.flatMap((h) => h.lines);
  return {
    additions: lines.filter((l) => l.startsWith('+')).length,
    deletions: lines.filter((l) => l.startsWith('-')).length,
  };
}

/**
 * Two Cargo requirements that allow the same versions: `35.0.0`, `35.0`, `35`
 * and `^35` all mean >=35.0.0, <36. Only past 0.x: `^0.0.3` and `^0.0` differ.
 */
export function sameRequirement(a: string, b: string): boolean {
  const plain = (requirement: string): string | null => {
    const version = /^\^?(\d+(?:\.\d+){0,2})$/.exec(requirement.trim())?.[1];
    if (!version || version.startsWith('0')) return null;
    return version.replace(/(?:\.0)+$/, '');
  };
  const left = plain(a);
  return left !== null && left === plain(b);
}
