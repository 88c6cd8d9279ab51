import { describe, expect, it } from 'vitest';
import { fence, renderMarkdownGuide } from '../../src/core/guide/markdown';
import type { SessionView } from '../../src/shared/model';

const openIssue = {
  updatedAt: '2026-11-24T02:01:02.500Z', firstRunId: 1, fingerprint: 'f', state: 'open' as const, occurrences: 1,
  note: null, wontfixReason: null, fixedByRunId: null, fixDiff: null, known: null,
};
const noExtras = { expectOutput: [], checklist: [], snippets: [], estimate: '', rollback: '' };

const view: SessionView = {
  project: { id: 1, path: '/src/photondrift', name: 'photondrift', lastOpenedAt: '2026-11-24T02:00:00.000Z' },
  session: { id: 7, projectId: 1, planId: 'p', planTitle: 'Upgrade', startedAt: '2026-11-24T02:00:00.000Z', params: {}, planOrigin: 'builtin', trusted: true },
  plan: {
    id: 'p',
    title: 'Upgrade',
    source: 'seed.md',
    description: '',
    parameters: [],
    phases: [
      {
        id: 'one',
        title: 'Phase 1',
        description: '',
        steps: [
          { id: 'check', title: 'Check', kind: 'command', command: 'cargo check', expectExit: 0, description: 'Type-check.', risk: 'low', ...noExtras },
          { id: 'pin', title: 'Pin', kind: 'manual', expectExit: 0, description: '', risk: 'low', ...noExtras },
        ],
      },
    ],
  },
  steps: [
    { stepId: 'check', status: 'failed', lastRunId: 1, updatedAt: null },
    { stepId: 'pin', status: 'skipped', lastRunId: null, updatedAt: null },
  ],
  runs: [
    { id: 1, sessionId: 7, stepId: 'check', command: 'cargo check', cwd: '/src/photondrift', startedAt: '2026-11-24T02:01:00.000Z', endedAt: '2026-11-24T02:01:02.500Z', exitCode: 101, durationMs: 2500, status: 'failed' },
    { id: 2, sessionId: 7, stepId: null, command: 'ls `pwd`', cwd: '/src/photondrift', startedAt: '2026-11-24T02:02:00.000Z', endedAt: null, exitCode: null, durationMs: null, status: 'interrupted' },
  ],
  issues: [
    { id: 1, sessionId: 7, runId: 1, stepId: 'check', severity: 'error', tool: 'rustc', code: 'E0432', message: 'unresolved import `x`', file: 'src/lib.rs', line: 1, column: 5, rendered: 'error[E0432]: unresolved import `x`\n --> src/lib.rs:1:5', createdAt: '2026-11-24T02:01:02.500Z', ...openIssue },
  ],
  edits: [],
  snapshots: [],
  restores: [],
};

describe('the Markdown migration guide', () => {
  const guide = renderMarkdownGuide(view, { generatedAt: new Date('2026-11-24T03:00:00.000Z'), version: '1.2.3' });

  it('summarises the session', () => {
    expect(guide).toContain('# Migration guide: Upgrade');
    expect(guide).toContain('- **Session:** #7, started 2026-11-24 02:00:00 UTC');
    expect(guide).toContain('| 2 | 0 | 1 | 1 | 0 | 0 | 2 | 1 | 0 |');
  });

  it('lists each step with its outcome and its runs', () => {
    expect(guide).toContain('#### ❌ Check — failed');
    expect(guide).toContain('- `cargo check` in `/src/photondrift` — exit 101, 2.5 s (run #1, 2026-11-24 02:01:00 UTC)');
    expect(guide).toContain('#### ⏭️ Pin — skipped');
  });

  it('lists typed commands, and issues with their location', () => {
    expect(guide).toContain("- `` ls `pwd` `` in `/src/photondrift` — interrupted (run #2");
    expect(guide).toContain('### Still open (1)');
    expect(guide).toContain('- `E0432` unresolved import `x` at `src/lib.rs:1:5` (error, rustc, step `check`, run #1)');
  });

  it('fences code so that backticks inside cannot end the block', () => {
    expect(fence('a ``` b', 'text')).toEqual(['````text', 'a ``` b', '````']);
  });
});
