import { describe, expect, it } from 'vitest';
import { parsePlan, PlanError } from '../../src/core/plans/planFile';
import { PlanRegistry } from '../../src/core/plans/registry';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { resolvePlan } from '../../src/core/plans/resolvePlan';
import { thrownBy } from '../helpers/errors';

const valid = `id: demo
title: Demo
phases:
  - id: one
    title: One
    steps:
      - id: check
        title: Check
        kind: command
        command: cargo check
`;

function errorOf(text: string): PlanError {
  return thrownBy(PlanError, () => parsePlan(text, 'plan.yaml'));
}

describe('plan files', () => {
  it('loads the built-in plan: the seed three phases, command steps with commands', () => {
    // Resolved with the defaults: a project whose features all build on stable gets the seed's --all-features.
    const plan = resolvePlan(new PlanRegistry(resolveResourcesDir()).default, {});
    expect(plan.phases.map((p) => p.id)).toEqual(['environment', 'core-upgrade', 'validation']);
    const steps = plan.phases.flatMap((p) => p.steps);
    expect(steps.find((s) => s.id === 'check-all-features')?.command).toBe('cargo check --all-features');
    expect(steps.filter((s) => s.kind !== 'manual' && s.kind !== 'edit').every((s) => s.command)).toBe(true);
    // The seed's own commands are all there.
    const commands = steps.map((s) => s.command);
    for (const command of [
      'cargo test --no-run', 'cargo test --all-features --verbose', 'cargo test --release --all-features',
      'cargo test ml:: --verbose', 'make wasm-build', 'cargo build --target wasm32-wasip1 --features wasm',
      'make benchmark', './scripts/performance-benchmark.sh --compare-baseline', 'make container-build',
      'make container-test', 'docker buildx build --platform linux/amd64,linux/arm64 .', 'make security-scan', 'cargo audit',
    ]) expect(commands).toContain(command);
  });

  it('resolves the built-in plan with the seed defaults, or with other targets', () => {
    const plan = new PlanRegistry(resolveResourcesDir()).default;
    expect(resolvePlan(plan, {}).title).toBe('Rust 1.75 → 1.81 + wasmtime 25 → 35');
    const to186 = resolvePlan(plan, { to_rust: '1.86' });
    const steps = to186.phases.flatMap((p) => p.steps);
    expect(steps.find((s) => s.id === 'install-toolchain')?.command).toBe('rustup toolchain install 1.86');
    expect(steps.find((s) => s.id === 'update-makefile')?.edit?.pins?.to).toBe('1.86');
    expect(steps.find((s) => s.id === 'add-wasm-target')?.command).toBe('rustup target add wasm32-wasip1 --toolchain 1.86');
    expect(JSON.stringify(to186)).not.toMatch(/\$\{[a-z_]+\}/);
  });

  it('refuses a reference to an undeclared parameter', () => {
    const error = errorOf(valid.replace('command: cargo check', 'command: cargo +${toolchain} check'));
    expect(error.reason).toBe('unknown parameter ${toolchain}: declare it under parameters');
    expect(error.docPath).toBe('phases[0].steps[0]');
  });

  it('fills defaults', () => {
    const step = parsePlan(valid, 'plan.yaml').phases[0]!.steps[0]!;
    expect(step).toMatchObject({ expectExit: 0, risk: 'low', description: '' });
  });

  it('points at the line and path of a schema error', () => {
    const error = errorOf(valid.replace('kind: command', 'kind: shell'));
    expect(error.line).toBe(9);
    expect(error.column).toBe(15);
    expect(error.docPath).toBe('phases[0].steps[0].kind');
    expect(error.message).toMatch(/^plan\.yaml:9:15: at phases\[0\]\.steps\[0\]\.kind: /);
  });

  it('says when a command step has no command', () => {
    const error = errorOf(valid.replace('        command: cargo check\n', ''));
    expect(error.docPath).toBe('phases[0].steps[0].command');
    expect(error.reason).toBe('a command step needs `command`');
    expect(error.line).toBe(7); // the step itself, as the command is missing
  });

  it('refuses a command left open at its end, as YAML cuts it at " #", naming what is open', () => {
    // YAML reads ` #` as a comment: the shell would get `sed -i '1i` and wait at its `>` prompt.
    const cut = errorOf(valid.replace('command: cargo check', "command: sed -i '1i #![allow(unused)]' src/lib.rs"));
    expect(cut.docPath).toBe('phases[0].steps[0].command');
    expect(cut.reason).toMatch(/^the command ends inside a single quote \('\) that is never closed, so the shell would wait/);
    expect(errorOf(valid.replace('command: cargo check', 'command: echo "hi'))).toMatchObject({ reason: expect.stringContaining('inside a double quote') });
    expect(errorOf(valid.replace('command: cargo check', 'command: echo "$(date'))).toMatchObject({ reason: expect.stringContaining('inside a $( or <( substitution') });
    expect(errorOf(valid.replace('command: cargo check', 'command: echo `date'))).toMatchObject({ reason: expect.stringContaining('inside a backtick') });
    // Quoted as a whole, the same command is one line the shell runs.
    expect(parsePlan(valid.replace('command: cargo check', `command: "sed -i '1i #![allow(unused)]' src/lib.rs"`), 'plan.yaml').phases[0]!.steps[0]!.command).toBe(
      "sed -i '1i #![allow(unused)]' src/lib.rs",
    );
  });

  it('refuses duplicate step ids', () => {
    const twice = valid + valid.split('steps:\n')[1]!;
    expect(errorOf(twice).reason).toBe('step id "check" is used twice');
  });

  it('reports YAML syntax errors with their position', () => {
    const error = errorOf('id: demo\ntitle: [unclosed\n');
    expect(error.line).toBeGreaterThan(1);
    expect(error.docPath).toBe('');
  });

  it('reads success-metric gates; a plan without them has none (the seed defaults apply)', () => {
    expect(parsePlan(valid, 'plan.yaml').gates).toBeUndefined();
    const plan = parsePlan(`${valid}gates:
  - { id: build, title: Build time, metric: build_time_ms, rule: max-increase, percent: 15 }
  - { id: speed, title: Throughput, metric: runtime, rule: min-improvement, percent: 2, better: higher }
  - { id: tests, title: Tests, metric: tests_passed, rule: tests-pass }
`, 'plan.yaml');
    expect(plan.gates).toEqual([
      { id: 'build', title: 'Build time', metric: 'build_time_ms', rule: 'max-increase', percent: 15 },
      { id: 'speed', title: 'Throughput', metric: 'runtime', rule: 'min-improvement', percent: 2, better: 'higher' },
      { id: 'tests', title: 'Tests', metric: 'tests_passed', rule: 'tests-pass' },
    ]);
  });

  it('says what a gate lacks, and where', () => {
    const noPercent = errorOf(`${valid}gates:\n  - { id: build, title: Build, metric: build_time_ms, rule: max-increase }\n`);
    expect(noPercent.docPath).toBe('gates[0].percent');
    expect(noPercent.reason).toBe('a max-increase gate needs `percent`');
    expect(errorOf(`${valid}gates:\n  - { id: x, title: X, metric: build_minutes, rule: no-increase }\n`).docPath).toBe('gates[0].metric');
    const twice = errorOf(`${valid}gates:\n  - { id: x, title: X, metric: image_bytes, rule: no-increase }\n  - { id: x, title: Y, metric: image_bytes, rule: no-increase }\n`);
    expect(twice.reason).toBe('gate id "x" is used twice');
  });
});
