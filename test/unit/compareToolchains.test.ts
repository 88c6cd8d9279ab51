// Old against new counts every failure: a command that exits non-zero with no
// error the parsers recognise is one problem, not "0 problems". The runs here
// are what the terminal hands back (FinishedRun); the integration test in
// test/integration/metrics.test.ts runs real cargo under two real toolchains.
import { describe, expect, it } from 'vitest';
import { compareToolchains, type CompareIo } from '../../src/core/metrics/compareToolchains';
import type { FinishedRun } from '../../src/core/terminals/terminalManager';

let nextRun = 1;
function finished(command: string, exitCode: number, output: string): FinishedRun {
  const run = { id: nextRun++, sessionId: 1, stepId: null, origin: 'comparison', terminal: null, command, cwd: '/p', startedAt: '', endedAt: '', exitCode, durationMs: 5, status: exitCode === 0 ? 'passed' : 'failed' } as const;
  return { run, output, diagnostics: [] };
}

/** Each toolchain's `cargo` answer; `rustc -V` always answers. */
function io(answers: Record<string, [number, string]>): CompareIo {
  return {
    run: async (command) => {
      if (command.startsWith('rustc ')) return finished(command, 0, 'rustc 1.95.0 (abc 2026-01-01)\n');
      const toolchain = /^cargo \+(\S+)/.exec(command)![1]!;
      const [code, output] = answers[toolchain]!;
      return finished(command, code, output);
    },
  };
}

describe('compareToolchains', () => {
  it('counts a failure outside cargo\'s diagnostics as a problem only that toolchain has', async () => {
    const result = await compareToolchains(io({ old: [0, 'Finished\n'], new: [101, 'Compiling x\n\u001b[31mlinker `cc` not found\u001b[0m\n'] }), 'old', 'new', 'check');
    expect(result.old.errors).toBe(0);
    expect(result.new).toMatchObject({ errors: 1, exitCode: 101 });
    expect(result.new.only.map((d) => d.message)).toEqual(['the command exited 101 with no error the output parsers recognised; its last line: linker `cc` not found']);
  });

  it('the same unexplained failure under both toolchains is one problem in common', async () => {
    const result = await compareToolchains(io({ old: [101, 'boom\n'], new: [101, 'boom\n'] }), 'old', 'new', 'check');
    expect(result).toMatchObject({ common: 1, old: { errors: 1, only: [] }, new: { errors: 1, only: [] } });
  });
});
