// A corpus of broken plan files: each must be refused with the position and
// the reason a user needs to fix it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan, PlanError } from '../../src/core/plans/planFile';

const dir = join(__dirname, '../fixtures/plans/broken');

const EXPECTED: Record<string, { line: number; column: number; docPath: string; reason: RegExp }> = {
  'bad-indent.yaml': { line: 6, column: 1, docPath: '', reason: /without - indicator|indent|mapping/i },
  'unknown-kind.yaml': { line: 9, column: 15, docPath: 'phases[0].steps[0].kind', reason: /expected one of/i },
  'missing-command.yaml': { line: 7, column: 9, docPath: 'phases[0].steps[0].command', reason: /^a check step needs `command`$/ },
  'edit-without-change.yaml': { line: 10, column: 15, docPath: 'phases[0].steps[0].edit', reason: /^an edit needs `pins` or `replace`$/ },
  'toolchain-without-target.yaml': { line: 11, column: 11, docPath: 'phases[0].steps[0].toolchain.targets', reason: /^a target-add toolchain step needs `targets`$/ },
  'migrate-without-spec.yaml': { line: 7, column: 9, docPath: 'phases[0].steps[0].migrate', reason: /^a migrate step needs `migrate`$/ },
  'migrate-without-target.yaml': { line: 11, column: 11, docPath: 'phases[0].steps[0].migrate', reason: /^a migrate step needs `edition` or `clippy` lints$/ },
  'undeclared-parameter.yaml': { line: 10, column: 9, docPath: 'phases[0].steps[0]', reason: /^unknown parameter \$\{to_ruts\}/ },
  'bad-regex.yaml': { line: 11, column: 23, docPath: 'phases[0].steps[0].expectOutput', reason: /^not a regular expression/ },
  'unknown-field.yaml': { line: 7, column: 9, docPath: 'phases[0].steps[0]', reason: /timeout/ },
  'duplicate-step.yaml': { line: 11, column: 15, docPath: 'phases[1].steps[0].id', reason: /^step id "a" is used twice$/ },
  'no-phases.yaml': { line: 3, column: 9, docPath: 'phases', reason: /at least 1|too small|>=1/i },
  // Plan text the command that runs would differ from.
  'nul-byte.yaml': { line: 14, column: 26, docPath: '', reason: /^a NUL byte: a plan may hold no control characters but tab and newline/ },
  'invalid-utf8.yaml': { line: 9, column: 15, docPath: '', reason: /^bytes that are not UTF-8 \(read as U\+FFFD\)/ },
  'control-char.yaml': { line: 14, column: 30, docPath: '', reason: /^a control character \(U\+001B\)/ },
  // Typed parameters, and where a value may go in a command.
  'bad-default.yaml': { line: 6, column: 14, docPath: 'parameters[0].default', reason: /^the default of to_rust: "1\.81; touch X" is not a Rust version \(expected e\.g\. 1\.86 or 1\.86\.0\)$/ },
  'unknown-type.yaml': { line: 5, column: 11, docPath: 'parameters[0].type', reason: /rust-version/ },
  'raw-text-parameter.yaml': { line: 11, column: 9, docPath: 'phases[0].steps[0]', reason: /^\$\{to_rust:raw\}: a text parameter is always quoted; only rust-version, toolchain, crate-version, edition may be raw$/ },
  'parameter-in-arithmetic.yaml': { line: 14, column: 18, docPath: 'phases[0].steps[0].command', reason: /^\$\{to_rust\} is inside \$\(\(\.\.\.\)\).*write \$\{to_rust:raw\}$/ },
  'parameter-after-backslash.yaml': { line: 14, column: 18, docPath: 'phases[0].steps[0].command', reason: /^\$\{to_rust\} follows a backslash/ },
};

describe('broken plan files', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: refused at ${expected.line}:${expected.column}`, () => {
      const path = join(dir, file);
      let error: unknown;
      try {
        parsePlan(readFileSync(path, 'utf8'), path);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PlanError);
      const e = error as PlanError;
      expect({ line: e.line, column: e.column, docPath: e.docPath }).toEqual({
        line: expected.line,
        column: expected.column,
        docPath: expected.docPath,
      });
      expect(e.reason).toMatch(expected.reason);
      expect(e.message.startsWith(`${path}:${expected.line}:${expected.column}: `)).toBe(true);
    });
  }
});
