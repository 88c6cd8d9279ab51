// A step's command is a template: `${name}` marks where a parameter's value
// goes. The value must reach bash as one literal piece of text whatever it
// holds, so each place is read in its lexical context (plain, '...', $'...',
// "...", inside $(...), <(...) or backticks, at any depth) and the value is
// written for that context: a quote the template opened is closed, the value
// goes in as one quoted shell word (quotedWord; in backticks byteQuotedWord),
// the quote is opened again; inside backticks its backslashes, backticks and
// dollars are escaped once per level.
// `${name:raw}` goes in as it is, and only a parameter whose type admits
// nothing but [A-Za-z0-9._-] may be raw (the plan schema checks that).
// Places the reader cannot vouch for (after a backslash, in a # comment, in
// $((...)) or ${...} unless raw, after a construct it does not follow) are
// refused when the plan is read, so they never reach a shell.
import { PARAMETER_REF } from '../../shared/planParams';
import { byteQuotedWord, isPlainPiece, quotedWord } from '../terminals/shellQuote';

type Context = 'plain' | 'single' | 'dollar-single' | 'double';

export interface CommandRef {
  name: string;
  raw: boolean;
  /** Why a value cannot safely go here; null when it can. */
  problem: string | null;
}

interface Place {
  context: Context | 'brace' | 'arith';
  backticks: number;
  problem: string | null;
}

/** The references in a command template, in order, each with what stops a value from going there. */
export function commandRefs(template: string): CommandRef[] {
  return checkedRefs(readTemplate(template));
}

function checkedRefs({ refs, places }: ReturnType<typeof readTemplate>): CommandRef[] {
  return refs.map((ref, i) => {
    const place = places[i]!;
    const inside = place.context === 'brace' ? '${...}' : place.context === 'arith' ? '$((...))' : null;
    const problem = place.problem ?? (inside && !ref.raw ? `is inside ${inside}, where a quoted value means something else: write \${${ref.name}:raw}` : null);
    return { ...ref, problem };
  });
}

/**
 * The command with every `${name}` replaced by its value written for its
 * context (and `$${` as `${`). Throws when the template has a place no
 * value can safely go (the plan schema refuses such plans before this).
 */
export function fillCommand(template: string, values: Readonly<Record<string, string>>): string {
  if (template.includes('\0')) throw new Error('the command holds a NUL character');
  const read = readTemplate(template);
  const { skeleton, places } = read;
  const refs = checkedRefs(read);
  let i = 0;
  return skeleton.replace(/\0/g, () => {
    const ref = refs[i]!;
    const place = places[i++]!;
    if (ref.problem) throw new Error(`\${${ref.name}} ${ref.problem}`);
    const value = values[ref.name];
    if (value === undefined) throw new Error(`no value for \${${ref.name}}`);
    let text = ref.raw ? value : written(value, place.context as Context, place.backticks > 0);
    for (let level = 0; level < place.backticks; level++) text = text.replace(/[\\`$]/g, '\\$&');
    return text;
  });
}

/**
 * The value as one word in a context: bare when plain, else the open quote
 * closed around it and reopened. Inside backticks, as `$'\xHH'` bytes: bash
 * mishandles a `"` in single quotes there when the backticks are in double quotes.
 */
function written(value: string, context: Context, inBackticks: boolean): string {
  if (isPlainPiece(value)) return value;
  const word = inBackticks ? byteQuotedWord(value) : quotedWord(value);
  switch (context) {
    case 'plain':
      return word;
    case 'single':
      return `'${word}'`;
    case 'dollar-single':
      return `'${word}$'`;
    case 'double':
      return `"${word}"`;
  }
}

/** The template with each reference as a NUL (plan text never holds one), the references, and their places. */
function readTemplate(template: string): { skeleton: string; refs: { name: string; raw: boolean }[]; places: Place[] } {
  const refs: { name: string; raw: boolean }[] = [];
  const hadNul = template.includes('\0');
  const skeleton = template
    .replace(PARAMETER_REF, (_m, name: string, raw?: string) => {
      refs.push({ name, raw: raw !== undefined });
      return '\0';
    })
    .replace(/\$\$\{/g, '${');
  if (hadNul) return { skeleton, refs, places: refs.map(() => ({ context: 'plain', backticks: 0, problem: 'is in a command that holds a NUL character' })) };
  const places = lex(skeleton, 0);
  return { skeleton, refs, places };
}

type Frame =
  | { kind: 'code'; closer: ')' | null; parens: number }
  | { kind: 'single' | 'dollar-single' | 'double' | 'brace' }
  | { kind: 'arith'; closer: '))' | ']'; parens: number };

const WORD_BREAK = /[\s;&|()<>]/;

/**
 * What is left open at the end of a one-line command (a quote, `$(`, `${`, a
 * backtick), as bash reads it: the shell would wait for the rest of it (a
 * `>` prompt) instead of running it. Null when nothing is, or when the reader
 * lost track of the quoting and cannot tell.
 */
export function unclosedInCommand(command: string): string | null {
  const end = { open: null as string | null };
  lex(command.replace(/\0/g, ' '), 0, end);
  return end.open;
}

/** The place of each NUL in `s`, read as bash reads a command line; `s` is inside `depth` levels of backticks. */
function lex(s: string, depth: number, endState?: { open: string | null }): Place[] {
  const places: Place[] = [];
  const stack: Frame[] = [{ kind: 'code', closer: null, parens: 0 }];
  /** Once set, every later place has this problem: the reader lost track of the quoting. */
  let lost: string | null = null;
  const place = (context: Place['context'], problem: string | null = null): void => {
    places.push({ context, backticks: depth, problem: problem ?? lost });
  };
  const wordStart = (i: number): boolean => i === 0 || WORD_BREAK.test(s[i - 1]!);

  let i = 0;
  while (i < s.length) {
    const frame = stack[stack.length - 1]!;
    const c = s[i]!;
    const next = s[i + 1];
    if (frame.kind === 'single') {
      if (c === '\0') place('single');
      else if (c === "'") stack.pop();
      i++;
      continue;
    }
    if (frame.kind === 'dollar-single') {
      if (c === '\0') place('dollar-single');
      else if (c === "'") stack.pop();
      else if (c === '\\') {
        if (next === '\0') {
          place('dollar-single', 'follows a backslash, which would take its first character: remove the backslash');
        }
        i += 2;
        continue;
      }
      i++;
      continue;
    }
    if (c === '\\') {
      if (next === '\0') place(contextOf(frame), 'follows a backslash, which would take its first character: remove the backslash');
      i += 2;
      continue;
    }
    if (c === '\0') {
      place(contextOf(frame));
      i++;
      continue;
    }
    if (c === '`') {
      const end = backtickEnd(s, i + 1);
      if (end < 0) {
        if (lost === null && endState) endState.open = 'a backtick (`)';
        lost ??= 'comes after a backtick that is never closed';
        i++;
        continue;
      }
      const inner = unescapeBackticks(s.slice(i + 1, end), frame.kind === 'double');
      places.push(...lex(inner, depth + 1).map((p) => ({ ...p, problem: p.problem ?? lost })));
      i = end + 1;
      continue;
    }
    if (c === '$') {
      if (next === '(' && s[i + 2] === '(') {
        stack.push({ kind: 'arith', closer: '))', parens: 0 });
        i += 3;
      } else if (next === '(') {
        stack.push({ kind: 'code', closer: ')', parens: 0 });
        i += 2;
      } else if (next === '{') {
        stack.push({ kind: 'brace' });
        i += 2;
      } else if (next === '[') {
        stack.push({ kind: 'arith', closer: ']', parens: 0 });
        i += 2;
      } else if (next === "'" && frame.kind === 'code') {
        stack.push({ kind: 'dollar-single' });
        i += 2;
      } else if (next === '"' && frame.kind === 'code') {
        stack.push({ kind: 'double' });
        i += 2;
      } else {
        i++;
      }
      continue;
    }
    switch (frame.kind) {
      case 'double':
        if (c === '"') stack.pop();
        i++;
        continue;
      case 'brace':
        if (c === '}') stack.pop();
        else if (c === "'" || c === '"') lost ??= 'comes after a ${...} expansion with quotes inside';
        i++;
        continue;
      case 'arith':
        if (c === '(') frame.parens++;
        else if (c === ')' && frame.parens > 0) frame.parens--;
        else if (c === ')' && frame.closer === '))' && next === ')') {
          stack.pop();
          i += 2;
          continue;
        } else if (c === ']' && frame.closer === ']') stack.pop();
        else if (c === ')' || c === "'" || c === '"') lost ??= 'comes after arithmetic the reader cannot follow';
        i++;
        continue;
      case 'code':
        if (c === "'") stack.push({ kind: 'single' });
        else if (c === '"') stack.push({ kind: 'double' });
        else if (c === '#' && wordStart(i)) {
          // A comment runs to the end of the line: every later place is in it.
          const rest = s.slice(i).split('\0').length - 1;
          for (let k = 0; k < rest; k++) place('plain', 'is inside a # comment');
          i = s.length;
          continue;
        } else if ((c === '<' || c === '>') && next === '(') {
          stack.push({ kind: 'code', closer: ')', parens: 0 });
          i += 2;
          continue;
        } else if (c === '(' && next === '(') {
          stack.push({ kind: 'arith', closer: '))', parens: 0 });
          i += 2;
          continue;
        } else if (c === '(') frame.parens++;
        else if (c === ')') {
          if (frame.parens > 0) frame.parens--;
          else if (frame.closer === ')') stack.pop();
        } else if (frame.closer === ')' && wordStart(i) && /^case(?![^\s;&|()<>])/.test(s.slice(i))) {
          // `case x in a) ...` inside $(...): its unbalanced `)` ends the substitution for a simple reader.
          lost ??= 'comes after a `case` inside $(...)';
        }
        i++;
        continue;
    }
  }
  if (stack.length > 1) {
    for (const p of places) p.problem ??= 'is in a command with a quote, $(, ${ or backtick that is never closed';
    if (lost === null && endState) endState.open ??= OPENED_BY[stack[stack.length - 1]!.kind];
  }
  return places;
}

const OPENED_BY: Record<Frame['kind'], string> = {
  code: 'a $( or <( substitution',
  single: "a single quote (')",
  'dollar-single': "a $' quote",
  double: 'a double quote (")',
  brace: 'a ${ expansion',
  arith: 'an arithmetic $(( or $[',
};

function contextOf(frame: Frame): Place['context'] {
  return frame.kind === 'code' ? 'plain' : frame.kind;
}

/** The index of the backtick that closes one opened before `from`, or -1. */
function backtickEnd(s: string, from: number): number {
  for (let j = from; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '`') return j;
  }
  return -1;
}

/** The text bash runs for a backtick substitution: `\\`, `` \` `` and `\$` lose their backslash (and `\"` inside double quotes). */
function unescapeBackticks(text: string, inDouble: boolean): string {
  return text.replace(inDouble ? /\\([\\`$"])/g : /\\([\\`$])/g, '$1');
}
