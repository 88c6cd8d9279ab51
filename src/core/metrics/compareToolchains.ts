// Old against new: the same cargo command under two toolchains (`cargo +old
// check`, `cargo +new check`), both in the session's terminal, and the
// problems only one of them reports, matched by issue fingerprint.
import type { Diagnostic, ToolchainCheck } from '../../shared/model';
import type { FinishedRun } from '../terminals/terminalManager';
import { fingerprint } from '../issues/fingerprint';
import { shellWord } from '../terminals/shellQuote';
import { stripAnsi } from '../../shared/ansi';

export interface CompareIo {
  run(command: string): Promise<FinishedRun>;
}

type Found = Map<string, Diagnostic>;

async function checkUnder(io: CompareIo, toolchain: string, args: string): Promise<{ check: Omit<ToolchainCheck, 'only'>; found: Found }> {
  // `+name` stays one word whatever the name holds (the contract allows only plain names today).
  const version = await io.run(`rustc +${shellWord(toolchain)} -V`);
  const command = `cargo +${shellWord(toolchain)} ${args}`;
  const done = await io.run(command);
  const found: Found = new Map();
  // A toolchain that is not installed says so in the version run: keep that problem too.
  for (const d of [...(version.run.exitCode === 0 ? [] : version.diagnostics), ...done.diagnostics, ...unexplainedFailure(done)]) {
    const key = fingerprint(d);
    if (!found.has(key)) found.set(key, d);
  }
  const kept = [...found.values()];
  return {
    check: {
      toolchain,
      version: version.run.exitCode === 0 ? version.output.trim().split(/\r?\n/)[0] ?? null : null,
      command,
      runId: done.run.id,
      exitCode: done.run.exitCode,
      durationMs: done.run.durationMs,
      errors: kept.filter((d) => d.severity === 'error').length,
      warnings: kept.filter((d) => d.severity === 'warning').length,
    },
    found,
  };
}

/**
 * A command that failed with no error the parsers recognised (a build script's
 * panic, a linker, cargo's own refusal outside its JSON) still failed: one
 * error naming its exit code and its last line, so "0 problems" cannot hide it.
 */
function unexplainedFailure(done: FinishedRun): Diagnostic[] {
  const { exitCode } = done.run;
  if (exitCode === 0 || done.diagnostics.some((d) => d.severity === 'error')) return [];
  const last = stripAnsi(done.output).split(/\r?\n/).map((l) => l.trim()).filter(Boolean).at(-1) ?? '';
  // Without the command (its +toolchain differs): the same failure under both toolchains is one problem in common.
  const message = `the command ${exitCode === null ? 'was stopped' : `exited ${exitCode}`} with no error the output parsers recognised${last ? `; its last line: ${last}` : ''}`;
  return [{ severity: 'error', tool: 'cargo', code: 'command-failed', message, file: null, line: null, column: null, rendered: message }];
}

function onlyIn(mine: Found, theirs: Found): ToolchainCheck['only'] {
  return [...mine].filter(([key]) => !theirs.has(key)).map(([key, d]) => ({ ...d, fingerprint: key }));
}

export async function compareToolchains(io: CompareIo, old: string, next: string, args: string): Promise<{ old: ToolchainCheck; new: ToolchainCheck; common: number }> {
  const a = await checkUnder(io, old, args);
  const b = await checkUnder(io, next, args);
  const common = [...a.found.keys()].filter((key) => b.found.has(key)).length;
  return { old: { ...a.check, only: onlyIn(a.found, b.found) }, new: { ...b.check, only: onlyIn(b.found, a.found) }, common };
}
