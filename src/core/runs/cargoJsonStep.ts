// Plan steps that run cargo get its JSON messages: exact spans and codes,
// straight from the compiler, while the terminal still shows the rendered,
// coloured text. The step's command is typed with
// `--message-format=json-diagnostic-rendered-ansi` and piped through
// resources/cargo-json/filter.cjs, which prints what cargo would have printed
// and appends the JSON lines to a file the engine parses when the run ends.
// `${PIPESTATUS[0]}` keeps cargo's exit status as the command's (the shell
// is always bash: see terminalSession.ts). Commands typed by hand, and steps
// this does not recognise, are read from the terminal by the human parser.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../../shared/model';
import type { ParserService, RunParse } from '../diagnostics/offThreadParser';
import { distinctDiagnostics, normaliseMessage } from '../issues/fingerprint';
import { shellWord } from '../terminals/shellQuote';

const MESSAGE_FORMAT = '--message-format=json-diagnostic-rendered-ansi';
/** The cargo commands whose compiler messages come as JSON (and their aliases). */
const SUBCOMMANDS = new Set(['build', 'b', 'check', 'c', 'clippy', 'test', 't']);
/** `NAME=value` before the command. */
const ASSIGNMENT = /^[A-Za-z_]\w*=\S*$/;
/**
 * Only a plain command is rewritten: anything the shell would read
 * specially (quotes, pipes, lists, redirections, substitutions, globs,
 * comments) could make the inserted flag land elsewhere than cargo's
 * arguments. A word wholly in single quotes is the exception: the shell reads
 * nothing in it.
 */
const SHELL_SYNTAX = /["'`\\$;&|<>(){}*?[\]#~\n]/;
/** A whole word in single quotes, as shellWord writes a plan parameter's value into a command: one literal word to the shell. */
const QUOTED_WORD = /^'[^'\s]*'$/;

/**
 * The command with cargo's JSON messages asked for, or null when it is not
 * a plain `[VAR=x ...] cargo [+toolchain] build|check|clippy|test ...` or
 * already chooses a message format.
 */
export function withJsonMessages(command: string): string | null {
  if (command.includes('\n')) return null;
  const words = command.trim().split(/\s+/);
  if (words.some((word) => !QUOTED_WORD.test(word) && SHELL_SYNTAX.test(word))) return null;
  let i = 0;
  while (i < words.length && ASSIGNMENT.test(words[i]!)) i++;
  if (words[i] !== 'cargo') return null;
  i++;
  if (words[i]?.startsWith('+')) i++;
  if (!SUBCOMMANDS.has(words[i] ?? '')) return null;
  // Options before `--` are cargo's; after it they are the test binary's or rustc's.
  const cargoWords = words.slice(0, words.includes('--') ? words.indexOf('--') : words.length);
  if (cargoWords.some((word) => word.startsWith('--message-format'))) return null;
  // Right after the subcommand: before any `--`, whatever follows.
  return [...words.slice(0, i + 1), MESSAGE_FORMAT, ...words.slice(i + 1)].join(' ');
}

/** How the engine starts resources/cargo-json/filter.cjs. */
export interface CargoJsonFilter {
  /** Where each run's messages file goes (created on first use). */
  messagesDir: string;
  /**
   * The words that start the filter; the messages file is appended. Under
   * Node: node and the script. In Electron the app's own executable, which
   * runs the filter when started with a switch (src/main/cargoJsonFilterMode.ts):
   * a packaged app has the RunAsNode fuse off, so `ELECTRON_RUN_AS_NODE=1`
   * can no longer turn Electron into Node.
   */
  command: readonly string[];
}

export interface CargoJsonRun {
  /** The command line typed into the shell. */
  typed: string;
  /** Where the filter appends cargo's JSON messages. */
  messagesFile: string;
}

/** The command line that runs a step's cargo command through the filter, or null if it is not one for it. */
export function cargoJsonRun(command: string, filter: CargoJsonFilter): CargoJsonRun | null {
  const cargo = withJsonMessages(command);
  if (!cargo) return null;
  mkdirSync(filter.messagesDir, { recursive: true });
  const messagesFile = join(filter.messagesDir, `${randomUUID()}.jsonl`);
  // cargo's own lines (Compiling, `could not compile`) go to stderr: through
  // the same pipe they stay in order with the diagnostics, and keep their
  // colours though stderr is no longer the terminal.
  const colour = 'CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-always}"';
  const typed = `${colour} ${cargo} 2>&1 | ${[...filter.command, messagesFile].map((word) => shellWord(word)).join(' ')}; (exit \${PIPESTATUS[0]})`;
  return { typed, messagesFile };
}

/**
 * The issues of a run whose cargo messages came as JSON: those first (the
 * tracker keeps the first diagnostic of each fingerprint), then what the
 * terminal output showed besides (test failures, cargo's own errors, a
 * build script's output). A diagnostic the terminal showed in a file and
 * with a message a JSON one has is that one, even without its code: rustc's
 * text names a lint only at its first warning. The messages file is removed
 * once read; a missing one (cargo never started) leaves the terminal's issues.
 */
export async function withCargoMessages(parsers: ParserService, messagesFile: string, fromTerminal: Diagnostic[]): Promise<Diagnostic[]> {
  const text = await readFile(messagesFile, 'utf8').catch(() => '');
  await rm(messagesFile, { force: true });
  if (text === '') return fromTerminal;
  const run: RunParse = parsers.begin();
  run.push(text);
  const fromJson = (await run.end(text)).diagnostics;
  const shown = new Set(fromJson.map(withoutCode));
  const besides = fromTerminal.filter((d) => !shown.has(withoutCode(d)));
  return [...distinctDiagnostics([...fromJson, ...besides]).values()];
}

/** A diagnostic's fingerprint but for its code (the fromJson list holds one diagnostic a fingerprint: not every line). */
function withoutCode(d: Diagnostic): string {
  return [d.severity, d.tool, d.file ?? '', normaliseMessage(d.message)].join('\u0000');
}
