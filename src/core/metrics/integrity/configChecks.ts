// The lint levels a Cargo.toml sets (`[lints]`, `[workspace.lints]`) and the
// `-D warnings` a CI file passes: what an upgrade must not quietly relax.
import { readToml } from '../../scanner/extractors/toml';

export interface ManifestLint {
  /** `lints.clippy.unwrap_used`, `workspace.lints.rust.unsafe_code`; `lints.workspace` for `workspace = true`. */
  key: string;
  /** `allow`, `warn`, `deny`, `forbid`; `inherit` for `workspace = true`. */
  level: string;
  line: number;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Each lint a manifest sets a level for: `x = "deny"` or `x = { level = "deny", priority = -1 }`. */
export function manifestLints(text: string): Map<string, ManifestLint> {
  const lints = new Map<string, ManifestLint>();
  for (const value of readToml(text).values) {
    const path = value.path.map(String);
    const at = path[0] === 'workspace' ? 1 : 0;
    if (path[at] !== 'lints') continue;
    const rest = path.slice(at + 1);
    if (rest.length === 1 && rest[0] === 'workspace' && value.value === 'true') {
      lints.set('lints.workspace', { key: 'lints.workspace', level: 'inherit', line: lineOf(text, value.offset) });
    } else if (rest.length === 2 || (rest.length === 3 && rest[2] === 'level')) {
      const key = path.slice(0, at + 3).join('.');
      lints.set(key, { key, level: value.value, line: lineOf(text, value.offset) });
    }
  }
  return lints;
}

/** How strict a level is: a lower rank after than before relaxes the lint. */
export const LEVEL_RANK: Record<string, number> = { allow: 0, expect: 0, warn: 1, deny: 2, forbid: 3 };

/** Files a CI or a build runs its checks from, by path relative to the repository. */
const CI_FILES = [
  /^\.github\/workflows\/[^/]+\.ya?ml$/,
  /(^|\/)\.gitlab-ci\.ya?ml$/,
  /^\.circleci\/.+\.ya?ml$/,
  /(^|\/)azure-pipelines\.ya?ml$/,
  /(^|\/)\.travis\.yml$/,
  /(^|\/)Jenkinsfile$/,
  /(^|\/)(GNU)?[Mm]akefile$/,
  /\.mk$/,
  /(^|\/)[Jj]ustfile$/,
  /(^|\/)\.cargo\/config(\.toml)?$/,
  /\.sh$/,
];

export function isCiFile(repoPath: string): boolean {
  return CI_FILES.some((pattern) => pattern.test(repoPath));
}

/** `-D warnings`, `-Dwarnings`, `--deny warnings`, `--deny=warnings`, and TOML's `"-D", "warnings"`. */
const DENY_WARNINGS = /-D\s*warnings\b|--deny[=\s]+warnings\b|"-D"\s*,\s*"warnings"/g;

export interface DenyWarnings {
  line: number;
  /** The line, trimmed. */
  text: string;
}

/** Each `-D warnings` of a CI file, commented-out lines left out. */
export function denyWarnings(text: string): DenyWarnings[] {
  const found: DenyWarnings[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith('//')) return;
    for (const _ of line.matchAll(DENY_WARNINGS)) found.push({ line: index + 1, text: line });
  });
  return found;
}
