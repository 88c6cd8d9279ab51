// The simple part of .gitignore, for projects that are not git work trees:
// comments, blank lines, `!` negation, a trailing `/` for directories only,
// patterns anchored by a `/` at the start or in the middle, and the globs `*`,
// `?`, `[...]` and `**`. The last matching rule wins, as in git.

interface Rule {
  regex: RegExp;
  negate: boolean;
  directoryOnly: boolean;
}

export class IgnoreRules {
  private constructor(private readonly rules: Rule[]) {}

  static parse(text: string): IgnoreRules {
    const rules: Rule[] = [];
    for (const rawLine of text.split(/\r?\n/)) {
      let pattern = rawLine.replace(/(?<!\\)\s+$/, '');
      if (!pattern || pattern.startsWith('#')) continue;
      const negate = pattern.startsWith('!');
      if (negate) pattern = pattern.slice(1);
      if (pattern.startsWith('\\#') || pattern.startsWith('\\!')) pattern = pattern.slice(1);
      const directoryOnly = pattern.endsWith('/');
      if (directoryOnly) pattern = pattern.replace(/\/+$/, '');
      if (!pattern) continue;
      // A `/` at the start or in the middle ties the pattern to the root; otherwise it matches at any depth.
      const anchored = pattern.includes('/');
      pattern = pattern.replace(/^\//, '');
      const body = globToRegex(pattern);
      rules.push({ regex: new RegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`), negate, directoryOnly });
    }
    return new IgnoreRules(rules);
  }

  static readonly none = new IgnoreRules([]);

  /** Whether `path` (relative, `/`-separated) is ignored. A directory's contents are never visited once it is. */
  ignores(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.negate === ignored && rule.regex.test(path)) ignored = !rule.negate;
    }
    return ignored;
  }
}

/** A glob (`*`, `?`, `[...]`, `**`) as the body of a regular expression over `/`-separated paths. */
export function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const before = i === 0 || glob[i - 1] === '/';
        const after = glob[i + 2] === '/' || i + 2 === glob.length;
        if (before && after) {
          // `**/` any leading directories, `/**` everything inside.
          if (glob[i + 2] === '/') {
            out += '(?:.*/)?';
            i += 2;
          } else {
            out += '.*';
            i += 1;
          }
          continue;
        }
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        const set = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${set}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[++i]!);
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
