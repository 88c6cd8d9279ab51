// A small session view for renderer tests: two phases, three steps.
import type { PlanStep, SessionView, SnapshotRecord, StepState } from '../../../src/shared/model';

const step = (id: string, kind: PlanStep['kind'] = 'command'): PlanStep => ({
  id, title: `Step ${id}`, kind, command: kind === 'command' ? `echo ${id}` : undefined, expectExit: 0, expectOutput: [], checklist: [], snippets: [],
  description: '', risk: 'low', estimate: '', rollback: '',
});

export function sessionView(sessionId = 1, statuses: Record<string, StepState['status']> = {}): SessionView {
  const ids = ['a', 'b', 'c'];
  return {
    project: { id: 1, path: '/p', name: 'p', lastOpenedAt: '' },
    session: { id: sessionId, projectId: 1, planId: 'plan', planTitle: 'Plan', startedAt: '', params: {}, planOrigin: 'builtin', trusted: true },
    plan: {
      id: 'plan', title: 'Plan', description: '', source: '', parameters: [],
      phases: [
        { id: 'one', title: 'One', description: '', steps: [step('a'), step('b')] },
        { id: 'two', title: 'Two', description: '', steps: [step('c', 'manual')] },
      ],
    },
    steps: ids.map((stepId) => ({ stepId, status: statuses[stepId] ?? 'pending', lastRunId: null, updatedAt: null, note: null })),
    runCount: 0,
    lastRuns: [],
    edits: [],
    snapshots: [],
    restores: [],
  };
}

export const snapshot = (id: number, sessionId = 1): SnapshotRecord => ({
  id, sessionId, stepId: null, store: 'git', storeId: `s${id}`, label: `snap ${id}`, createdAt: `2026-01-0${id}T00:00:00Z`, fileCount: 1, bytes: 1,
  leftOut: [], toolchain: null, kind: 'manual',
});
