// A scripted upgrade session on the photondrift fixture, with the real
// engine, shell and cargo: a backup branch and a passing check; a baseline
// measurement; a change that breaks the build (the wasmtime 35 plugin host
// switched on); the fix; an "after" measurement; a won't-fix decision, notes
// (one with a token in it) and a typed command carrying a secret.
// The project lives under the test's HOME, so the guide shows it as ~/src/photondrift.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvents } from '../../src/shared/contract';
import type { RunRecord } from '../../src/shared/model';
import { startHarness, type Harness } from './engineHarness';
import { commitAll } from './gitRepo';
import { copyRustFixture } from './rustFixture';
import { sessionIssues } from './sessionLists';

export const GUIDE_PLAN = `
id: photondrift-plugins
title: Enable the wasmtime \${to_wasmtime} plugin host
source: test/helpers/guideSession.ts
description: Switch on the WASM plugin host, written for wasmtime 25, against wasmtime \${to_wasmtime}.
parameters:
  - { name: from_rust, default: "1.75", description: The Rust version today. }
  - { name: to_rust, default: "1.81", description: The Rust version to reach. }
  - { name: from_wasmtime, default: "25", description: The wasmtime version today. }
  - { name: to_wasmtime, default: "35", description: The wasmtime version to reach. }
gates:
  - { id: tests, title: Test pass rate, metric: tests_passed, rule: tests-pass }
  - { id: build-time, title: Build performance, metric: build_time_ms, rule: max-increase, percent: 10000 }
  - { id: vulnerabilities, title: Security, metric: audit_vulnerabilities, rule: no-increase }
phases:
  - id: upgrade
    title: Upgrade
    steps:
      - id: backup-branch
        title: Create a backup branch
        kind: command
        command: git branch backup/before-wasmtime-\${to_wasmtime}
        rollback: "\`git switch backup/before-wasmtime-\${to_wasmtime}\`"
      - id: check
        title: Check the crate
        kind: check
        command: cargo check --offline
      - id: enable-plugins
        title: Switch on the plugin host
        kind: edit
        risk: high
        edit:
          replace: { find: 'default = []', with: 'default = ["wasm"]', files: [Cargo.toml] }
        rollback: Restore Cargo.toml from the snapshot taken before this step.
      - id: fix-import
        title: Import WasiCtxBuilder from its new module
        kind: edit
        edit:
          replace: { find: 'use wasmtime::WasiCtxBuilder;', with: 'use wasmtime::p2::WasiCtxBuilder;', files: [src/plugins.rs] }
      - id: docs
        title: Update the README
        kind: manual
        checklist: [Minimum Rust version]
`;

/** The token typed in a command and written in a note: the guide must not show it. */
export const SECRET = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';

export interface GuideSession {
  h: Harness;
  home: string;
  project: string;
  sessionId: number;
  close(): Promise<void>;
}

export async function scriptGuideSession(): Promise<GuideSession> {
  const h = await startHarness();
  const home = process.env.HOME as string;
  const project = join(home, 'src', 'photondrift');
  mkdirSync(join(home, 'src'), { recursive: true });
  copyRustFixture(project);
  commitAll(project);
  const { client } = h;

  const view = await client.request('session.start', { path: project, plan: { fileName: 'photondrift-plugins.yaml', content: GUIDE_PLAN }, params: {} });
  const sessionId = view.session.id;
  await client.request('session.trust', { sessionId });
  const { terminalId } = await client.request('terminal.open', { sessionId, cols: 120, rows: 30 });

  const nextRun = (match: (run: RunRecord) => boolean): Promise<RunRecord> =>
    new Promise((resolve) => {
      const off = client.on('run.finished', (run) => {
        if (match(run)) {
          off();
          resolve(run);
        }
      });
    });
  const runStep = async (stepId: string): Promise<RunRecord> => {
    const done = nextRun((run) => run.stepId === stepId);
    await client.request('step.run', { sessionId, stepId, terminalId });
    return done;
  };
  const applyEdit = async (stepId: string): Promise<void> => {
    const { digest } = await client.request('step.preview', { sessionId, stepId });
    await client.request('step.apply', { sessionId, stepId, digest });
  };
  const measure = async (kind: 'baseline' | 'after'): Promise<void> => {
    let id = 0;
    const done = new Promise<EngineEvents['metrics.changed']>((resolve) => {
      const off = client.on('metrics.changed', (event) => {
        if (event.measurement.id === id && event.measurement.endedAt !== null) {
          off();
          resolve(event);
        }
      });
    });
    id = (await client.request('metrics.measure', { sessionId, terminalId, kind, label: kind, runs: 1 })).id;
    await done;
  };
  const typed = async (command: string): Promise<RunRecord> => {
    const done = nextRun((run) => run.stepId === null && run.command === command);
    client.notify('terminal.input', { terminalId, data: `${command}\r` });
    return done;
  };

  await runStep('backup-branch');
  await runStep('check');
  await measure('baseline');
  await applyEdit('enable-plugins');
  await runStep('check'); // fails: E0432 and an unused variable
  await applyEdit('fix-import');
  await runStep('check'); // passes: E0432 is fixed, the warning stays
  await h.engine.settled();
  await typed(`GITHUB_TOKEN=${SECRET} git status --short`);
  await measure('after');
  await client.request('step.mark', { sessionId, stepId: 'docs', status: 'passed' });
  await h.engine.settled();

  const issues = await sessionIssues(client, sessionId);
  const warning = issues.find((i) => i.code === 'unused_variables');
  const error = issues.find((i) => i.code === 'E0432');
  if (!warning || !error) throw new Error(`the scripted session did not find its issues: ${issues.map((i) => i.code).join(', ')}`);
  await client.request('issue.wontfix', { issueId: warning.id, reason: 'the variable goes with the plugin rewrite next sprint' });
  await client.request('issue.annotate', { issueId: error.id, note: `wasmtime 33 moved WASIp2 into p2; asked upstream with GITHUB_TOKEN=${SECRET}` });

  return {
    h,
    home,
    project,
    sessionId,
    async close() {
      await h.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
