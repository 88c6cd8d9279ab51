// Plan steps that run cargo get its JSON messages: exact spans and codes,
// straight from the compiler, while the terminal still shows the rendered,
// coloured text. What is typed, shown and kept in the shell's history is the
// step's command as written: the shell integration's `cargo` function
// (resources/shell-integration/bash.sh, zsh/zshrc.zsh) does the rest when the
// engine has left it a one-shot capture request (the messages file's path):
// it adds `--message-format=json-diagnostic-rendered-ansi` after the
// subcommand and pipes cargo through resources/cargo-json/filter.cjs, which
// prints what cargo would have printed and appends the JSON lines to the file
// the engine parses when the run ends; the status stays cargo's. Commands
// typed by hand, steps this does not recognise, and a shell whose `cargo` is
// the user's own function are read from the terminal by the human parser.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../../shared/model';
import type { ParserService, RunParse } from '../diagnostics/offThreadParser';
import { distinctDiagnostics, normaliseMessage } from '../issues/fingerprint';

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
 * The command with cargo's JSON messages asked for, as the shell's `cargo`
 * function runs it for a capture request (the flag goes in at the same
 * place), or null when it is not
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
  /** Where each terminal's capture request goes, a file named by the terminal's id (created on first use). */
  requestsDir: string;
  /**
   * The words that start the filter; the messages file is appended. Under
   * Node: node and the script. In Electron the app's own executable, which
   * runs the filter when started with a switch (src/main/cargoJsonFilterMode.ts):
   * a packaged app has the RunAsNode fuse off, so `ELECTRON_RUN_AS_NODE=1`
   * can no longer turn Electron into Node.
   */
  command: readonly string[];
}

/**
 * What a terminal's shell starts with for its `cargo` function: where its
 * requests appear, and the filter's words, one a line (given as data, never
 * read as shell code).
 */
export function captureEnv(filter: CargoJsonFilter, terminalId: string): Record<string, string> {
  const bad = filter.command.find((word) => word === '' || /[\n\0]/.test(word));
  if (filter.command.length === 0 || bad !== undefined) {
    throw new Error(`The cargo JSON filter's command must be non-empty words without newlines; got ${JSON.stringify(filter.command)}`);
  }
  return { STEPWISE_CAPTURE_REQUEST: captureRequestFile(filter, terminalId), STEPWISE_CARGO_FILTER: filter.command.join('\n') };
}

/**
 * Asks the terminal's shell to run its next cargo command with JSON
 * messages, right before `command` is typed; the messages file it will
 * write, or null (and no request) if `command` is not one for it.
 */
export function requestCapture(filter: CargoJsonFilter, terminalId: string, command: string): string | null {
  if (!withJsonMessages(command)) return null;
  mkdirSync(filter.messagesDir, { recursive: true });
  mkdirSync(filter.requestsDir, { recursive: true });
  const messagesFile = join(filter.messagesDir, `${randomUUID()}.jsonl`);
  writeFileSync(captureRequestFile(filter, terminalId), `${messagesFile}\n`);
  return messagesFile;
}

/** Removes a request the shell did not take (the command never reached cargo), so no later cargo takes it. */
export function dropCaptureRequest(filter: CargoJsonFilter, terminalId: string): void {
  rmSync(captureRequestFile(filter, terminalId), { force: true });
}

function captureRequestFile(filter: CargoJsonFilter, terminalId: string): string {
  return join(filter.requestsDir, terminalId);
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
