import { describe, expect, it } from 'vitest';
import { blameIgnoreContent, isFormatCommand, stepMessage, type StepWork } from '../../src/core/ship/messages';
import type { IssueRecord, PlanStep, RunRecord } from '../../src/shared/model';

describe('isFormatCommand', () => {
  it.each(['cargo fmt', 'cargo +nightly fmt --all', 'rustfmt src/lib.rs', 'cd sub && cargo fmt', '  cargo fmt -- --edition 2021'])('%s formats', (command) => {
    expect(isFormatCommand(command)).toBe(true);
  });
  it.each(['cargo fmt --check', 'cargo fmt -- --check', 'cargo build', 'echo cargo fmt', 'cargo fmtx', 'cargo clippy --fix'])('%s does not', (command) => {
    expect(isFormatCommand(command)).toBe(false);
  });
});

describe('blameIgnoreContent', () => {
  it('starts the file with the comment line and the commits', () => {
    expect(blameIgnoreContent(null, ['a1', 'b2'])).toBe('# stepwise: formatting\na1\nb2\n');
  });
  it("extends a project's own file after a blank line, keeping what it lists", () => {
    expect(blameIgnoreContent('# theirs\nc3', ['a1'])).toBe('# theirs\nc3\n\n# stepwise: formatting\na1\n');
    expect(blameIgnoreContent('# theirs\nc3\n', ['a1'])).toBe('# theirs\nc3\n\n# stepwise: formatting\na1\n');
  });
});

describe('stepMessage', () => {
  const step = { id: 'pin', title: 'Pin the toolchain to the target', kind: 'edit', description: 'Moves the pin.\n\nMore words.' } as PlanStep;
  const work: StepWork = {
    sessionId: 7,
    planTitle: 'A plan',
    step,
    title: step.title,
    runs: [{ command: 'cargo check', exitCode: 0 } as RunRecord],
    editedFiles: ['rust-toolchain.toml'],
    fixed: [{ severity: 'error', code: 'E0599', message: 'no method named `x`', file: 'src/a.rs', line: 3 } as IssueRecord],
    files: ['rust-toolchain.toml'],
    carried: false,
  };

  it('says what the step is, ran, edited and fixed, with trailers naming the session and step', () => {
    expect(stepMessage(work)).toBe(
      [
        'Pin the toolchain to the target',
        '',
        'Step "pin" of the plan "A plan".',
        '',
        'Moves the pin.',
        '',
        'Ran:',
        '- `cargo check` (exit 0)',
        '',
        'Edited (shown as a diff and applied after a snapshot):',
        '- rust-toolchain.toml',
        '',
        'Fixed:',
        '- error[E0599]: no method named `x` (src/a.rs:3)',
        '',
        'Files:',
        '- rust-toolchain.toml',
        '',
        'Stepwise-Session: 7',
        'Stepwise-Step: pin',
        '',
      ].join('\n'),
    );
  });

  it('keeps the subject to one short line, and says when it carries changes made by hand', () => {
    const message = stepMessage({ ...work, title: `${'x'.repeat(100)}\nsecond`, carried: true });
    expect(message.split('\n')[0]).toHaveLength(72);
    expect(message).toContain('It also carries changes made by hand to these files');
  });
});
