import { describe, expect, it } from 'vitest';
import { loadBuiltinPlan, parsePlan, PlanError } from '../../src/core/plans/planFile';
import { resolveResourcesDir } from '../../src/core/paths';

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
  try {
    parsePlan(text, 'plan.yaml');
  } catch (error) {
    if (error instanceof PlanError) return error;
    throw error;
  }
  throw new Error('expected a PlanError');
}

describe('plan files', () => {
  it('loads the built-in plan: the seed three phases, command steps with commands', () => {
    const plan = loadBuiltinPlan(resolveResourcesDir());
    expect(plan.phases.map((p) => p.id)).toEqual(['environment', 'core-upgrade', 'validation']);
    const steps = plan.phases.flatMap((p) => p.steps);
    expect(steps.find((s) => s.id === 'check-all-features')?.command).toBe('cargo check --all-features');
    expect(steps.filter((s) => s.kind === 'command').every((s) => s.command)).toBe(true);
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

  it('refuses duplicate step ids', () => {
    const twice = valid + valid.split('steps:\n')[1]!;
    expect(errorOf(twice).reason).toBe('step id "check" is used twice');
  });

  it('reports YAML syntax errors with their position', () => {
    const error = errorOf('id: demo\ntitle: [unclosed\n');
    expect(error.line).toBeGreaterThan(1);
    expect(error.docPath).toBe('');
  });
});
