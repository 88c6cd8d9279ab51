// What the import takes from code blocks: the command lines of a shell block,
// the -/+ line pairs of a diff block.

export const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'zsh']);
export const DIFF_LANGS = new Set(['diff', 'patch']);

export interface ShellCommand {
  command: string;
  /** The `# comment` lines just above it (up to a blank line), without the `#`. */
  comments: string[];
  /** 0-based line inside the block where the command starts. */
  offset: number;
}

export type ShellParse = { ok: true; commands: ShellCommand[]; /** Lines (0-based) whose "$ " prompt was removed. */ prompts: number[] } | { ok: false; reason: string; offset: number };

const COMPOUND = /^(if|then|elif|else|fi|for|while|until|do|done|case|esac|select|function)\b|^\}|\{\s*$|\(\)\s*\{?$/;

/**
 * One command per line; a line ending in `\` joins the next. Blocks this
 * cannot split into independent lines (here-documents, if/for/while, open
 * quotes) are refused, so nothing half-understood is ever run.
 */
export function parseShellBlock(text: string): ShellParse {
  const lines = text.split('\n');
  const commands: ShellCommand[] = [];
  let comments: string[] = [];
  let lastWasCommand = false;
  const prompts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i]!.trim();
    if (trimmed === '') {
      comments = [];
      lastWasCommand = false;
      continue;
    }
    if (trimmed.startsWith('#')) {
      if (trimmed.startsWith('#!')) continue;
      if (lastWasCommand) comments = [];
      comments.push(trimmed.replace(/^#+\s?/, '').trim());
      lastWasCommand = false;
      continue;
    }
    const offset = i;
    let command = lines[i]!.trimEnd();
    while (/(^|[^\\])(\\\\)*\\$/.test(command) && i + 1 < lines.length) {
      i++;
      command = `${command.slice(0, -1).trimEnd()} ${lines[i]!.trim()}`.trimEnd();
    }
    command = command.trim();
    if (command.endsWith('\\')) command = command.slice(0, -1).trimEnd();
    if (/^\$\s+\S/.test(command)) {
      command = command.replace(/^\$\s+/, '');
      prompts.push(offset);
    }
    if (command === '') continue;
    if (/<<-?\s*['"]?[\w-]+/.test(command) && !/<<</.test(command)) return { ok: false, reason: 'it holds a here-document', offset };
    if (COMPOUND.test(command)) return { ok: false, reason: 'it holds a multi-line shell construct', offset };
    if (!quotesBalanced(command)) return { ok: false, reason: 'a quoted string spans lines', offset };
    commands.push({ command, comments: comments.filter(Boolean), offset });
    lastWasCommand = true;
  }
  return { ok: true, commands, prompts };
}

function quotesBalanced(command: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (c === '\\') {
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(command[i - 1]!))) {
      return true; // the rest is a comment
    }
  }
  return quote === null;
}

export interface DiffPair {
  find: string;
  with: string;
  /** 0-based line of the `-` line inside the block. */
  offset: number;
}

export interface DiffParse {
  pairs: DiffPair[];
  /** Lines that could not be paired (a bare deletion or addition), 0-based. */
  unpaired: number[];
  /** Pairs dropped because the `-` side was empty or nothing changed, 0-based. */
  skipped: number[];
}

/** The text of a `-` or `+` line: the marker goes, and the one space that usually follows it. */
function diffContent(line: string): string {
  const rest = line.slice(1);
  return rest.startsWith(' ') ? rest.slice(1) : rest;
}

/**
 * Pairs each run of `-` lines with the run of `+` lines that follows it, in
 * order: the i-th removed line becomes the i-th added one. Headers (`---`,
 * `+++`, `@@`) and context lines end a run.
 */
export function parseDiffBlock(text: string): DiffParse {
  const lines = text.split('\n');
  const result: DiffParse = { pairs: [], unpaired: [], skipped: [] };
  let minus: number[] = [];
  let plus: number[] = [];
  const flush = (): void => {
    const n = Math.min(minus.length, plus.length);
    for (let k = 0; k < n; k++) {
      const find = diffContent(lines[minus[k]!]!);
      const replacement = diffContent(lines[plus[k]!]!);
      if (find.trim() === '' || find === replacement) result.skipped.push(minus[k]!);
      else result.pairs.push({ find, with: replacement, offset: minus[k]! });
    }
    result.unpaired.push(...minus.slice(n), ...plus.slice(n));
    minus = [];
    plus = [];
  };
  lines.forEach((line, i) => {
    if (/^(--- |\+\+\+ |@@|diff --git |index [0-9a-f])/.test(line)) {
      flush();
    } else if (line.startsWith('-')) {
      if (plus.length > 0) flush();
      minus.push(i);
    } else if (line.startsWith('+')) {
      plus.push(i);
    } else {
      flush();
    }
  });
  flush();
  return result;
}
