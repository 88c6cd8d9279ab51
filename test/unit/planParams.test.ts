// Typed plan parameters: what each type takes, the one check every entry point
// calls, and how a value lands in each field of a resolved plan.
import { describe, expect, it } from 'vitest';
import { checkParams, ParamError } from '../../src/core/plans/params';
import { parsePlan } from '../../src/core/plans/planFile';
import { resolvePlan, sessionInput } from '../../src/core/plans/resolvePlan';
import { paramError, paramValueProblem, type ParamType } from '../../src/shared/planParams';
import { thrownBy } from '../helpers/errors';

const ACCEPTS: Record<ParamType, string[]> = {
  'rust-version': ['1.86', '1.86.0', '1.0', '2.100.3'],
  toolchain: ['stable', 'nightly', 'beta', '1.86', '1.86.0', 'nightly-2025-01-01', '1.86.0-x86_64-unknown-linux-gnu', 'my_linked-toolchain.2'],
  'crate-version': ['35', '35.0', '35.0.1', '1.0.0-rc.1', '0.3.0-alpha-2'],
  edition: ['2015', '2018', '2021', '2024'],
  'cargo-features': ['--all-features', '--features=', '--features=std', '--features=std,serde', '--features=core-lib/serde,a_b-c'],
  path: ['src/lib.rs', '/home/me/my project', 'ünïcode/😀.rs', "it's $HOME"],
  text: ['', 'any line: ; | & $(x) `y` "z" \'w\' !', 'ünïcode'],
};
const REFUSES: Record<ParamType, string[]> = {
  'rust-version': ['1.86;touch${IFS}X;#', 'stable', '1', '1.86.0.1', ' 1.86', '1.86 ', 'v1.86', '1.86.0-beta'],
  toolchain: ['-stable', 'stable; touch X', 'nightly 2025', '+stable', '', 'a/b', 'x'.repeat(101)],
  'crate-version': ['^35', '>=35, <36', '35.x', '35.0.0.0', '1.0.0+build', '$(touch X)', ''],
  edition: ['2027', '21', '', '2021 '],
  'cargo-features': ['', '--features', '--features=a b', '--features=a,', '--features=a;touch X', '--all-features --release', '-Zfoo'],
  path: ['', 'a\nb', 'a\u0000b', 'a\tb'],
  text: ['a\nb', 'a\rb', 'a\u0007b', 'a\u001bb', 'a\u0085b', 'a\u2028b', 'a\ud800b', 'x'.repeat(4097)],
};

describe('parameter types', () => {
  for (const type of Object.keys(ACCEPTS) as ParamType[]) {
    it(`${type}: takes what it should, and nothing else`, () => {
      for (const value of ACCEPTS[type]) expect(paramValueProblem(type, value), JSON.stringify(value)).toBeNull();
      for (const value of REFUSES[type]) expect(paramValueProblem(type, value), JSON.stringify(value)).toMatch(/^is not /);
    });
  }

  it('says which parameter, which value, and what was expected', () => {
    expect(paramError('to_rust', 'rust-version', '1.86;touch X')).toBe('to_rust: "1.86;touch X" is not a Rust version (expected e.g. 1.86 or 1.86.0)');
    expect(paramError('note', 'text', 'a\u001bb')).toBe('note: "a\\u001bb" is not text (expected one line, without control characters; character 2 is U+001B)');
    expect(paramError('to_rust', 'rust-version', '1.86')).toBeNull();
  });
});

describe('checkParams', () => {
  const plan = { parameters: [{ name: 'to_rust', type: 'rust-version' as const }, { name: 'note', type: 'text' as const }] };

  it('names the parameter of a refused value, or of an unknown name', () => {
    const bad = thrownBy(ParamError, () => checkParams(plan, { note: 'fine', to_rust: '1.86;touch X' }));
    expect(bad.param).toBe('to_rust');
    expect(bad.message).toBe('to_rust: "1.86;touch X" is not a Rust version (expected e.g. 1.86 or 1.86.0)');
    const unknown = thrownBy(ParamError, () => checkParams(plan, { to_ruts: '1.86' }));
    expect(unknown.param).toBe('to_ruts');
    expect(unknown.message).toBe('to_ruts: no such parameter (known: to_rust, note)');
  });

  it('takes a parameter without a type (a plan kept by an older version) as text', () => {
    expect(checkParams({ parameters: [{ name: 'ver' } as never] }, { ver: 'a; b' })).toEqual({ ver: 'a; b' });
    expect(() => checkParams({ parameters: [{ name: 'ver' } as never] }, { ver: 'a\nb' })).toThrow(ParamError);
  });
});

const PLAN = `id: typed
title: Notes for \${note} on Rust \${to_rust}
parameters:
  - name: to_rust
    type: rust-version
    default: "1.81"
  - name: note
    default: plain
  - name: channel
    type: toolchain
    default: stable
phases:
  - id: one
    title: One
    steps:
      - id: show
        title: Show \${note}
        kind: command
        command: 'echo "note: \${note}" && git branch backup/before-rust-\${to_rust}'
        expectOutput: ["note: \${note}$"]
        checklist: ["Tell \${note}"]
      - id: install
        title: Install \${channel}
        kind: toolchain
        toolchain: { action: component-add, components: [clippy], toolchain: "\${channel}" }
`;

describe('resolving a plan', () => {
  const plan = parsePlan(PLAN, 'typed.yaml');
  const step = (resolved: ReturnType<typeof resolvePlan>, id: string) => resolved.phases[0]!.steps.find((s) => s.id === id)!;

  it('gives a parameter without a type the type text', () => {
    expect(plan.parameters.find((p) => p.name === 'note')!.type).toBe('text');
  });

  it('quotes a value in a command, keeps it plain text elsewhere, and literal in an expected-output pattern', () => {
    const resolved = resolvePlan(plan, { note: 'a "b" $(touch X)', to_rust: '1.86' });
    expect(resolved.title).toBe('Notes for a "b" $(touch X) on Rust 1.86');
    expect(step(resolved, 'show').title).toBe('Show a "b" $(touch X)');
    expect(step(resolved, 'show').checklist).toEqual(['Tell a "b" $(touch X)']);
    expect(step(resolved, 'show').command).toBe(`echo "note: "'a "b" $(touch X)'"" && git branch backup/before-rust-1.86`);
    expect(step(resolved, 'show').expectOutput).toEqual(['note: a "b" \\$\\(touch X\\)$']);
    expect(new RegExp(step(resolved, 'show').expectOutput[0]!).test('note: a "b" $(touch X)')).toBe(true);
  });

  it("derives a toolchain step's rustup command with each value one word", () => {
    expect(step(resolvePlan(plan, { channel: 'nightly-2025-01-01' }), 'install').command).toBe('rustup component add clippy --toolchain nightly-2025-01-01');
  });

  it('refuses a value its type does not take, before anything is resolved', () => {
    const error = thrownBy(ParamError, () => resolvePlan(plan, { to_rust: '1.86;touch${IFS}X;#' }));
    expect(error.param).toBe('to_rust');
    expect(() => sessionInput(plan, { channel: 'stable; touch X' }, 'typed.yaml', false)).toThrow(/^channel: "stable; touch X" is not a rustup toolchain name/);
  });
});
