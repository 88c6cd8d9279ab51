// What an upgrade relaxed between two versions of the project's changed
// files: tests removed or ignored, lints allowed or lowered, `-D warnings`
// dropped. Pure: the git side (treeIntegrity.ts) hands it the files.
//
// Tests are matched by name across every changed file, so a test moved to
// another file is not removed; a renamed one is (nothing tells a rename from
// a deleted test and a new one), and the finding names it for review. An
// `#[ignore]` taken off, a lint made stricter, `-D warnings` added: not
// findings. Lint attributes are counted per file and lint, so one moved
// within its file is not a finding either.
import { posix } from 'node:path';
import type { IntegrityFinding } from '../../../shared/model';
import { denyWarnings, LEVEL_RANK, manifestLints } from './configChecks';
import { lintAttrs, testFns, type LintAttr, type TestFn } from './rustSource';

export type FileKind = 'rust' | 'manifest' | 'ci';

export interface ChangedFile {
  /** As findings name it (relative to the project). */
  path: string;
  kind: FileKind;
  /** Null where the file is absent. */
  before: string | null;
  after: string | null;
}

export type Relaxation = Omit<IntegrityFinding, 'stepId' | 'stepTitle'>;

/** What the checks read a file as, by its path; null: not read. */
export function fileKind(path: string, ci: boolean): FileKind | null {
  if (path.endsWith('.rs')) return 'rust';
  if (posix.basename(path) === 'Cargo.toml') return 'manifest';
  return ci ? 'ci' : null;
}

export function relaxations(files: ChangedFile[]): Relaxation[] {
  const found: Relaxation[] = [...testChanges(files.filter((f) => f.kind === 'rust'))];
  for (const file of files) {
    if (file.kind === 'rust') found.push(...lintAttrChanges(file));
    if (file.kind === 'manifest') found.push(...manifestChanges(file));
    if (file.kind === 'ci') found.push(...denyWarningsChanges(file));
  }
  return found.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

interface Located extends TestFn {
  file: string;
}

function testChanges(files: ChangedFile[]): Relaxation[] {
  const side = (pick: (f: ChangedFile) => string | null): Map<string, Located[]> => {
    const byName = new Map<string, Located[]>();
    for (const file of files) {
      const text = pick(file);
      for (const test of text === null ? [] : testFns(text)) byName.set(test.name, [...(byName.get(test.name) ?? []), { ...test, file: file.path }]);
    }
    return byName;
  };
  const before = side((f) => f.before);
  const after = side((f) => f.after);
  const found: Relaxation[] = [];
  for (const [name, was] of before) {
    const now = after.get(name) ?? [];
    // Gone: from the files that have fewer of it than before (the last ones there).
    const removed = was.length - now.length;
    if (removed > 0) {
      const fewer = was.filter((t) => count(now, t.file) < count(was, t.file)).slice(-removed);
      for (const t of fewer) found.push({ kind: 'test-removed', file: t.file, line: t.line, what: `test \`${name}\` removed` });
    }
    // Ignored: beyond the tests of that name that are new (a new test may come ignored).
    const ignored = now.filter((t) => t.ignored);
    const newlyIgnored = ignored.length - was.filter((t) => t.ignored).length - Math.max(0, now.length - was.length);
    if (newlyIgnored > 0) {
      const more = ignored.filter((t) => count(ignored, t.file) > count(was.filter((w) => w.ignored), t.file)).slice(-newlyIgnored);
      for (const t of more) found.push({ kind: 'ignore-added', file: t.file, line: t.line, what: `\`#[ignore]\` on test \`${name}\`` });
    }
  }
  return found;
}

function count(tests: Located[], file: string): number {
  return tests.filter((t) => t.file === file).length;
}

const STRICT_LEVELS = ['warn', 'deny', 'forbid'] as const;

function lintAttrChanges(file: ChangedFile): Relaxation[] {
  const group = (text: string | null): Map<string, LintAttr[]> => {
    const byLint = new Map<string, LintAttr[]>();
    for (const attr of text === null ? [] : lintAttrs(text)) byLint.set(attr.lint, [...(byLint.get(attr.lint) ?? []), attr]);
    return byLint;
  };
  const before = group(file.before);
  const after = group(file.after);
  const found: Relaxation[] = [];
  for (const lint of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(lint) ?? [];
    const now = after.get(lint) ?? [];
    const allows = (list: LintAttr[]): LintAttr[] => list.filter((a) => LEVEL_RANK[a.level] === 0);
    if (allows(now).length > allows(was).length) {
      const added = allows(now).slice(allows(was).length - allows(now).length);
      for (const a of added) found.push({ kind: 'allow-added', file: file.path, line: a.line, what: `\`#[${a.level}(${lint})]\`` });
      continue;
    }
    const lowered = STRICT_LEVELS.find((level) => atLeast(now, level) < atLeast(was, level));
    if (!lowered) continue;
    const gone = was.filter((a) => LEVEL_RANK[a.level]! >= LEVEL_RANK[lowered]!).at(-1)!;
    const strictest = now.reduce<LintAttr | null>((best, a) => (!best || LEVEL_RANK[a.level]! > LEVEL_RANK[best.level]! ? a : best), null);
    const to = strictest ? ` → \`#[${strictest.level}(${lint})]\`` : ' removed';
    found.push({ kind: 'lint-lowered', file: file.path, line: gone.line, what: `\`#[${gone.level}(${lint})]\`${to}` });
  }
  return found;
}

function atLeast(attrs: LintAttr[], level: string): number {
  return attrs.filter((a) => LEVEL_RANK[a.level]! >= LEVEL_RANK[level]!).length;
}

function manifestChanges(file: ChangedFile): Relaxation[] {
  const before = manifestLints(file.before ?? '');
  const after = manifestLints(file.after ?? '');
  const found: Relaxation[] = [];
  for (const [key, was] of before) {
    const now = after.get(key);
    if (was.level === 'inherit') {
      if (!now) found.push({ kind: 'lint-lowered', file: file.path, line: was.line, what: '`[lints] workspace = true` removed: the workspace lints no longer apply' });
      continue;
    }
    const rank = (level: string): number => LEVEL_RANK[level] ?? 0;
    if (now ? rank(now.level) < rank(was.level) : rank(was.level) > 0) {
      const what = now ? `\`${key}\`: ${was.level} → ${now.level}` : `\`${key} = "${was.level}"\` removed`;
      found.push({ kind: 'lint-lowered', file: file.path, line: now?.line ?? was.line, what });
    }
  }
  for (const [key, now] of after) {
    if (!before.has(key) && now.level === 'allow') found.push({ kind: 'allow-added', file: file.path, line: now.line, what: `\`${key} = "allow"\`` });
  }
  return found;
}

function denyWarningsChanges(file: ChangedFile): Relaxation[] {
  const was = denyWarnings(file.before ?? '');
  const now = denyWarnings(file.after ?? '');
  const dropped = was.length - now.length;
  if (dropped <= 0) return [];
  // The lines no longer in the file, else (the same line kept fewer times) the last ones.
  const kept = new Set(now.map((d) => d.text));
  const gone = was.filter((d) => !kept.has(d.text));
  return (gone.length >= dropped ? gone.slice(0, dropped) : was.slice(-dropped)).map((d) => ({
    kind: 'deny-warnings-dropped',
    file: file.path,
    line: d.line,
    what: `\`-D warnings\` dropped (was: \`${d.text.length > 80 ? `${d.text.slice(0, 77)}...` : d.text}\`)`,
  }));
}
