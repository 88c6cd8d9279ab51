// A session as a replay plan, read from a real journal file: the steps that
// passed as the plan wrote them, the session's values as defaults, the
// one-click fixes as literal replacements and commands, the rest left out
// with why; and the YAML it becomes reads back as the same plan.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/core/journal/journal';
import { unifiedDiff } from '../../src/core/edits/planEdit';
import { planFromSession } from '../../src/core/plans/fromSession';
import { planToYaml } from '../../src/core/plans/markdownImport';
import { parsePlan } from '../../src/core/plans/planFile';
import { resolvePlan, sessionInput } from '../../src/core/plans/resolvePlan';
import { useTempDir } from '../helpers/tempDir';

const PLAN = parsePlan(
  `id: bump
title: Bump to \${rust}
parameters:
  - { name: rust, type: toolchain, default: stable, description: The toolchain }
phases:
  - id: one
    title: One
    steps:
      - { id: version, title: Show the version, kind: command, command: "rustc +\${rust} --version", rerun: safe, needs: [] }
      - { id: pin, title: Pin it, kind: edit, edit: { replace: { find: "old", with: "\${rust}" } } }
      - { id: broken, title: Broken, kind: check, command: "false" }
  - id: two
    title: Two
    steps:
      - { id: never, title: Never run, kind: manual, checklist: [Look] }
`,
  'bump.yaml',
);

describe('planFromSession', () => {
  const tempDir = useTempDir('stepwise-replay-');

  function sessionWith(record: (journal: Journal, sessionId: number) => void): ReturnType<typeof planFromSession> {
    const journal = Journal.open(join(tempDir(), 'journal.sqlite'));
    try {
      const { id: projectId } = journal.projects.open(tempDir());
      const { id } = journal.sessions.create(projectId, sessionInput(PLAN, { rust: 'debian-1.85' }, 'bump.yaml', true));
      record(journal, id);
      return planFromSession(journal, id);
    } finally {
      journal.close();
    }
  }

  it('keeps the steps that passed as written, with the session values as defaults, and names the rest', () => {
    const { plan, leftOut } = sessionWith((journal, id) => {
      journal.sessions.setStepState(id, 'version', 'passed', null);
      journal.sessions.setStepState(id, 'pin', 'passed', null);
      journal.sessions.setStepState(id, 'broken', 'failed', null);
    });
    expect(plan.phases.map((p) => p.steps.map((s) => s.id))).toEqual([['version', 'pin']]);
    // The placeholders stay: the replay resolves them with its own values.
    expect(plan.phases[0]!.steps[0]!.command).toBe('rustc +${rust} --version');
    expect(plan.parameters).toEqual([{ name: 'rust', type: 'toolchain', default: 'debian-1.85', description: 'The toolchain' }]);
    expect(leftOut).toEqual([
      { what: 'step broken (Broken)', why: 'failed in the session' },
      { what: 'step never (Never run)', why: 'not done in the session' },
    ]);
    expect(plan.description).toContain('- step broken (Broken): failed in the session');
    const yaml = planToYaml(plan);
    expect(parsePlan(yaml, 'replay.yaml')).toEqual(plan);
    expect(resolvePlan(plan, {}).phases[0]!.steps[1]!.edit).toEqual({ replace: { find: 'old', with: 'debian-1.85' } });
  });

  it('turns the fixes applied into literal replacements and commands, in the order they were applied', () => {
    const { plan, leftOut } = sessionWith((journal, id) => {
      const change = { file: 'Makefile', before: 'a\nTARGET := wasm32-wasi\nb\nPATH := ${HOME}/x', after: 'a\nTARGET := wasm32-wasip1\nb\nPATH := ${HOME}/y' };
      journal.edits.record(id, 'autofix:wasm32-wasi-renamed', [{ file: change.file, diff: unifiedDiff(change) }]);
      const added = { file: 'Cargo.toml', before: '[package]\n', after: '[package]\n[lints.rust]\nunexpected_cfgs = "warn"\n' };
      journal.edits.record(id, 'autofix:unexpected-cfgs', [{ file: added.file, diff: unifiedDiff(added) }]);
      const ran = journal.runs.start({ sessionId: id, stepId: null, origin: 'fix', command: 'cargo update -p time --precise 0.3.36', cwd: '/p', startedAt: new Date(Date.now() + 1000) });
      journal.runs.finish(ran.id, { exitCode: 0, endedAt: new Date(), output: '', passed: true });
      const failed = journal.runs.start({ sessionId: id, stepId: null, origin: 'fix', command: 'cargo update -p nope', cwd: '/p', startedAt: new Date() });
      journal.runs.finish(failed.id, { exitCode: 101, endedAt: new Date(), output: '', passed: false });
    });
    const fixes = plan.phases.at(-1)!;
    expect(fixes.id).toBe('session-fixes');
    expect(fixes.steps.map((s) => [s.id, s.kind, s.edit?.replace ?? s.command])).toEqual([
      // One hunk, two runs of changed lines: each its removed lines replaced by its added ones, in the same file;
      // a `${` is escaped, and the file's last line keeps its missing newline.
      ['fix-1', 'edit', { find: 'TARGET := wasm32-wasi\n', with: 'TARGET := wasm32-wasip1\n', files: ['Makefile'] }],
      ['fix-2', 'edit', { find: 'PATH := $${HOME}/x', with: 'PATH := $${HOME}/y', files: ['Makefile'] }],
      ['fix-3', 'command', 'cargo update -p time --precise 0.3.36'],
    ]);
    expect(leftOut).toContainEqual({ what: "the unexpected-cfgs fix's change 1 to Cargo.toml", why: 'it only adds lines, so there is no text to find on another project' });
    // Resolved, the escapes are the file's text again.
    expect(resolvePlan(plan, {}).phases.at(-1)!.steps[1]!.edit!.replace!.find).toBe('PATH := ${HOME}/x');
    expect(parsePlan(planToYaml(plan), 'replay.yaml')).toEqual(plan);
  });
});
