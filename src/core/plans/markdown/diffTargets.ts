// Which files a Markdown plan's ```diff block is about. A diff in a plan is a
// few -/+ lines under a task such as "Update Makefile"; applied to every file
// that holds the line, it also rewrote the docs that quote it and the plan
// itself. So an edit goes only to the files its diff names (a `--- a/path`
// header), else to the kind of file its task names ("Docker" -> Dockerfiles),
// else to the kind its lines are written in (`FROM rust:` is a Dockerfile's),
// else to the kind its section names; never to documentation. When none of these tells, the diff
// is not an edit (the caller shows it as a snippet).

export type FileKind = 'makefile' | 'dockerfile' | 'manifest' | 'workflow' | 'toolchain-file' | 'clippy';

interface KindRule {
  /** How the step's text names the files: "the project's Makefiles". */
  label: string;
  /** The same files the scanner reads as this kind (scanner/extractors/index.ts). */
  globs: string[];
  /** A task or section title that names this kind. */
  named: RegExp;
  /** A diff line written in this kind's syntax. */
  line: RegExp;
}

const KINDS: Record<FileKind, KindRule> = {
  makefile: {
    label: "the project's Makefiles",
    globs: ['**/Makefile', '**/makefile', '**/GNUmakefile', '**/*.mk'],
    named: /makefile|\.mk\b/i,
    line: /^\s*[A-Za-z_][A-Za-z0-9_]*\s*(?:\?=|:=|::=|\+=)/,
  },
  dockerfile: {
    label: "the project's Dockerfiles",
    globs: ['**/Dockerfile', '**/dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/*.dockerfile', '**/Containerfile'],
    named: /docker|containerfile|container image/i,
    line: /^\s*(?:FROM|ARG|ENV|RUN|COPY)\s/,
  },
  manifest: {
    label: "the project's Cargo.toml manifests",
    globs: ['**/Cargo.toml'],
    named: /cargo\.toml|\bmanifests?\b|\bdependenc(?:y|ies)\b|\bcrates?\b|\bedition\b|\brust-version\b/i,
    line: /^\s*(?:\[(?:package|workspace|dependencies|dev-dependencies|build-dependencies|workspace\.dependencies)\]|(?:edition|rust-version)\s*=|[\w-]+\s*=\s*\{[^}]*\bversion\s*=|[\w-]+\s*=\s*"[=^~]?\d+(?:\.\d+)*")/,
  },
  workflow: {
    label: "the project's CI workflows (.github/workflows)",
    globs: ['.github/workflows/*.yml', '.github/workflows/*.yaml'],
    named: /\bci\b|workflows?\b|github actions|\.github\//i,
    line: /^\s*(?:-\s+)?(?:uses|toolchain|runs-on|rust-version|rust)\s*:\s/,
  },
  'toolchain-file': {
    label: "the project's rust-toolchain file",
    globs: ['**/rust-toolchain', '**/rust-toolchain.toml'],
    named: /rust-toolchain(?!@)|toolchain file/i,
    line: /^\s*(?:channel|components|targets|profile)\s*=/,
  },
  clippy: {
    label: "the project's clippy.toml",
    globs: ['**/clippy.toml', '**/.clippy.toml'],
    named: /clippy\.toml|clippy (?:config|configuration|settings)/i,
    line: /^\s*msrv\s*=/,
  },
};

/** A title may name several kinds, listed in this order. */
const KIND_ORDER = Object.keys(KINDS) as FileKind[];
/** A line is read as the first kind whose syntax it has: `msrv = "1.75"` is clippy.toml's before it is any TOML's. */
const LINE_ORDER: FileKind[] = ['toolchain-file', 'clippy', 'makefile', 'dockerfile', 'workflow', 'manifest'];

/** `key = value`, `key: value`, `KEY ?= value`: a line of a configuration file, not of code. */
const SETTING = /^\s*(?:-\s+)?["\w.-]+\s*(?:[?:+]?=|:)\s*\S/;

/** Documentation, which a plan's diff only quotes: never edited by one (nor is the plan file itself, a .md). */
const DOCUMENTATION = /\.(?:md|markdown|mdx|rst|adoc|txt)$/i;

export type DiffTarget =
  | { ok: true; files: string[]; /** Where the edit goes, for its description. */ where: string }
  | { ok: false; /** Why the diff cannot be an edit, for the step's description and a warning. */ reason: string };

export interface DiffNames {
  /** The task's title ("Update Docker configuration"). */
  task: string;
  /** The heading the task is under ("1.1 Infrastructure Updates"). */
  section: string;
}

/**
 * The target of each -/+ pair of a diff block (by the 0-based line of its `-`
 * line): the file of the header above it, or what the task, its section or
 * the lines themselves name.
 */
export function diffTargets(block: string, names: DiffNames): (offset: number, find: string) => DiffTarget {
  const headers = diffHeaders(block);
  const byTask = kindsNamed(names.task);
  const bySection = kindsNamed(names.section);
  return (offset, find) => {
    const header = [...headers].reverse().find((h) => h.offset < offset);
    if (header) return headerTarget(header.file);
    // A section ("Dependencies") also holds tasks about other files ("Fix new lints"): its
    // name counts only for a line that sets a value, as the files it names do.
    const kinds = byTask ?? kindsOfLine(find) ?? (bySection && SETTING.test(find) ? bySection : null);
    if (!kinds) {
      return {
        ok: false,
        reason:
          'the diff names no file (no `--- a/path` header), and neither the task, its section nor the line itself says which kind ' +
          'of file it is for (Makefile, Dockerfile, Cargo.toml, CI workflow, rust-toolchain, clippy.toml)',
      };
    }
    return {
      ok: true,
      files: kinds.flatMap((kind) => KINDS[kind].globs),
      where: kinds.map((kind) => KINDS[kind].label).join(' and '),
    };
  };
}

function headerTarget(file: string): DiffTarget {
  if (DOCUMENTATION.test(file)) return { ok: false, reason: `the diff is for ${file}, documentation, which the plan's edits leave alone` };
  if (file.startsWith('/') || file.split('/').includes('..')) return { ok: false, reason: `the diff is for ${file}, outside the project` };
  return { ok: true, files: [file], where: file };
}

/** `--- a/Makefile` / `+++ b/Makefile` lines (the `+++` one wins; /dev/null is no file), with their 0-based lines. */
function diffHeaders(block: string): { offset: number; file: string }[] {
  const headers: { offset: number; file: string }[] = [];
  block.split('\n').forEach((line, offset) => {
    const match = /^(?:\+\+\+|---) (?:[ab]\/)?(\S+)/.exec(line);
    if (!match || match[1] === '/dev/null') return;
    const file = match[1]!;
    const last = headers[headers.length - 1];
    // The `+++` line right after a `---` line names the same file (or its new name).
    if (last && last.offset === offset - 1 && line.startsWith('+++')) last.file = file;
    else headers.push({ offset, file });
  });
  return headers;
}

function kindsNamed(title: string): FileKind[] | null {
  const kinds = KIND_ORDER.filter((kind) => KINDS[kind].named.test(title));
  return kinds.length > 0 ? kinds : null;
}

function kindsOfLine(line: string): FileKind[] | null {
  const kind = LINE_ORDER.find((k) => KINDS[k].line.test(line));
  return kind ? [kind] : null;
}
