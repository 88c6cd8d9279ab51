// What a Rust source says about its checks, read without a parser: its test
// functions (and which are ignored) and its lint-level attributes. Comments
// and string contents are blanked first (newlines kept, so lines still
// count), so a `#[test]` in a doc comment or a string is not one.

export interface TestFn {
  name: string;
  /** 1-based line of its `fn`. */
  line: number;
  /** `#[ignore]`, `#[ignore = "..."]` or a `cfg_attr(..., ignore)` among its attributes. */
  ignored: boolean;
}

export type LintLevel = 'allow' | 'expect' | 'warn' | 'deny' | 'forbid';

export interface LintAttr {
  level: LintLevel;
  /** As written, spaces removed: `dead_code`, `clippy::unwrap_used`. */
  lint: string;
  line: number;
}

/** The text with comments and the insides of string and char literals replaced by spaces. */
export function blankCommentsAndStrings(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number): void => {
    for (let i = from; i < to && i < out.length; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && next === '*') {
      // Block comments nest in Rust.
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        const pair = text.slice(j, j + 2);
        depth += pair === '/*' ? 1 : pair === '*/' ? -1 : 0;
        j += pair === '/*' || pair === '*/' ? 2 : 1;
      }
      blank(i, j);
      i = j;
    } else if (c === 'r' && /^r#*"/.test(text.slice(i, i + 258)) && !/\w/.test(text[i - 1] ?? '')) {
      const hashes = /^r(#*)"/.exec(text.slice(i, i + 258))![1]!;
      const close = text.indexOf(`"${hashes}`, i + hashes.length + 2);
      const end = close < 0 ? text.length : close + hashes.length + 1;
      blank(i + hashes.length + 2, end - hashes.length - 1);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else if (c === "'") {
      // A char literal ('x', '\n', '\u{1F600}'), else a lifetime or label ('a).
      const literal = /^'(?:\\u\{[0-9a-fA-F]+\}|\\.|[^\\'\n])'/u.exec(text.slice(i, i + 12));
      if (literal) blank(i + 1, i + literal[0].length - 1);
      i += literal ? literal[0].length : 1;
    } else i++;
  }
  return out.join('');
}

interface Attribute {
  /** Its inside, between `#[` (or `#![`) and the matching `]`. */
  body: string;
  inner: boolean;
  start: number;
  end: number;
}

/** Every attribute of a blanked source, with bracket nesting followed. */
function attributes(code: string): Attribute[] {
  const found: Attribute[] = [];
  const start = /#\s*(!?)\s*\[/g;
  for (let m = start.exec(code); m; m = start.exec(code)) {
    let depth = 1;
    let j = m.index + m[0].length;
    while (j < code.length && depth > 0) {
      if (code[j] === '[') depth++;
      else if (code[j] === ']') depth--;
      j++;
    }
    found.push({ body: code.slice(m.index + m[0].length, j - 1), inner: m[1] === '!', start: m.index, end: j });
    start.lastIndex = j;
  }
  return found;
}

/** The 1-based line of an offset, by binary search over the newlines' offsets. */
function lineFinder(code: string): (offset: number) => number {
  const newlines: number[] = [];
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) newlines.push(i);
  return (offset) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** `test`, `tokio::test`, `async_std::test`...: an attribute that makes the fn after it a test. */
const TEST_ATTR = /^\s*(?:[A-Za-z_]\w*\s*::\s*)*test\s*(?:\(|$)/;
const IGNORE_ATTR = /^\s*ignore\b|^\s*cfg_attr\s*\(.*\bignore\b/s;
/** After a fn's attributes: its qualifiers, then `fn name`. */
const FN_HEAD = /^\s*(?:pub(?:\s*\([^)]*\))?\s+)?(?:(?:const|async|unsafe|extern(?:\s+"[^"]*")?)\s+)*fn\s+([A-Za-z_]\w*)/;

/** The test functions of a source: each `fn` whose attributes include `#[test]` (or a `path::test`). */
export function testFns(text: string): TestFn[] {
  const code = blankCommentsAndStrings(text);
  const lineAt = lineFinder(code);
  const tests: TestFn[] = [];
  const attrs = attributes(code).filter((a) => !a.inner);
  for (let i = 0; i < attrs.length; i++) {
    // The run of attributes that belong to one item: each starting where the last ended.
    const group = [attrs[i]!];
    while (i + 1 < attrs.length && code.slice(group.at(-1)!.end, attrs[i + 1]!.start).trim() === '') group.push(attrs[++i]!);
    if (!group.some((a) => TEST_ATTR.test(a.body))) continue;
    const head = FN_HEAD.exec(code.slice(group.at(-1)!.end, group.at(-1)!.end + 400));
    if (!head) continue;
    const fnAt = group.at(-1)!.end + head[0].lastIndexOf('fn');
    tests.push({ name: head[1]!, line: lineAt(fnAt), ignored: group.some((a) => IGNORE_ATTR.test(a.body)) });
  }
  return tests;
}

const LEVELS = /\b(allow|expect|warn|deny|forbid)\s*\(([^()]*)\)/g;

/** Every lint named in a lint-level attribute (`#[allow(x, y)]`, `#![deny(warnings)]`, inside `cfg_attr` too). */
export function lintAttrs(text: string): LintAttr[] {
  const code = blankCommentsAndStrings(text);
  const lineAt = lineFinder(code);
  const found: LintAttr[] = [];
  for (const attr of attributes(code)) {
    for (const m of attr.body.matchAll(LEVELS)) {
      const line = lineAt(attr.start);
      for (const lint of m[2]!.split(',')) {
        const name = lint.replace(/\s+/g, '');
        // `reason = "..."` is no lint (its string is blanked).
        if (name && !name.includes('=')) found.push({ level: m[1] as LintLevel, lint: name, line });
      }
    }
  }
  return found;
}
