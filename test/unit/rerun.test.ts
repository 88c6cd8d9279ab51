// Which steps may simply run again: the default by kind, what a plan
// declares, and the built-in plan's idempotent commands.
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/core/plans/planFile';
import { PlanRegistry } from '../../src/core/plans/registry';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import type { StepKind, StepStatus } from '../../src/shared/model';
import { rerunNeedsConfirm, rerunWords, stepRerun } from '../../src/shared/stepState';

const KINDS: StepKind[] = ['command', 'check', 'toolchain', 'edit', 'manual', 'snapshot'];
const STATUSES: StepStatus[] = ['pending', 'running', 'passed', 'failed', 'skipped', 'interrupted'];

describe('running a step again', () => {
  it('defaults by kind: only a command asks first', () => {
    expect(Object.fromEntries(KINDS.map((kind) => [kind, stepRerun({ kind })]))).toEqual({
      command: 'confirm', check: 'safe', toolchain: 'safe', edit: 'safe', manual: 'safe', snapshot: 'safe',
    });
  });

  it('takes what the plan declares over the default', () => {
    expect(stepRerun({ kind: 'command', rerun: 'safe' })).toBe('safe');
    expect(stepRerun({ kind: 'check', rerun: 'confirm' })).toBe('confirm');
    const plan = parsePlan('id: p\ntitle: P\nphases:\n  - id: a\n    title: A\n    steps:\n      - { id: s, title: S, kind: command, command: "true", rerun: safe }\n', 'p.yaml');
    expect(plan.phases[0]!.steps[0]!.rerun).toBe('safe');
    expect(() => parsePlan('id: p\ntitle: P\nphases:\n  - id: a\n    title: A\n    steps:\n      - { id: s, title: S, kind: command, command: "true", rerun: maybe }\n', 'p.yaml')).toThrow(/rerun/);
  });

  it('asks only for a confirm step that already passed or failed', () => {
    const asks = STATUSES.filter((status) => rerunNeedsConfirm({ kind: 'command' }, status));
    expect(asks).toEqual(['passed', 'failed']);
    expect(STATUSES.some((status) => rerunNeedsConfirm({ kind: 'command', rerun: 'safe' }, status))).toBe(false);
    expect(rerunWords({ kind: 'command' })).toBe('Running again repeats what it changed: asks first');
    expect(rerunWords({ kind: 'check' })).toBe('Safe to run again: it only reads the project');
  });

  it('the built-in plan declares safe exactly its commands that only read or are idempotent', () => {
    const commands = new PlanRegistry(resolveResourcesDir()).default.phases.flatMap((p) => p.steps).filter((s) => s.kind === 'command');
    const safe = commands.filter((s) => stepRerun(s) === 'safe').map((s) => s.id);
    expect(safe).toEqual(['backup-branch', 'record-toolchain']);
    // cargo update, make targets, scripts and docker builds change the project or the machine: asked first.
    expect(commands.filter((s) => stepRerun(s) === 'confirm').map((s) => s.id)).toEqual([
      'update-lockfile', 'wasm-build', 'benchmark', 'benchmark-compare', 'container-build', 'container-test', 'container-multiarch', 'security-scan',
    ]);
  });
});
