// @vitest-environment happy-dom
// The plan's side bar navigates by Page: the overview, a step, the
// snapshots and metrics pages, each marked when shown; each step with its
// open issues counted, as the engine counts them (issues.groups).
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METRICS, SNAPSHOTS, stepPage } from '../../../src/renderer/src/app/page';
import { useApp } from '../../../src/renderer/src/app/store';
import { createQueryClient } from '../../../src/renderer/src/engine/queryClient';
import { sessionKeys } from '../../../src/renderer/src/engine/queryKeys';
import type { SessionView } from '../../../src/shared/model';
import { StepList } from '../../../src/renderer/src/features/steps/StepList';
import { sessionView, snapshot } from './sessionFixture';

/** The side bar, with the engine's count of open issues by step already cached. */
function renderStepList(view: SessionView, props: { compact?: boolean; onCompact?: (compact: boolean) => void } = {}): void {
  const queryClient = createQueryClient();
  queryClient.setQueryData([...sessionKeys.issues(view.session.id), 'groups', 'live', 'step'], {
    counts: { live: 4, resolved: 0, wontfix: 0, all: 4 },
    groups: [
      { key: 'a', count: 3 },
      { key: '', count: 1 },
    ],
  });
  render(
    <QueryClientProvider client={queryClient}>
      <StepList view={view} {...props} />
    </QueryClientProvider>,
  );
}

const initial = useApp.getState();
beforeEach(() => useApp.setState(initial, true));
afterEach(cleanup);

describe('StepList', () => {
  it('shows the page clicked, and marks it as the current one', () => {
    const view = { ...sessionView(), snapshots: [snapshot(1), snapshot(2)] };
    useApp.getState().openSession(view);
    renderStepList(view);
    expect(document.querySelector('.overview-link')?.getAttribute('aria-current')).toBe('step');

    fireEvent.click(screen.getByText('Step b'));
    expect(useApp.getState().page).toEqual(stepPage('b'));
    expect(document.querySelector('[data-step-id="b"]')?.className).toContain('selected');
    expect(document.querySelector('.overview-link')?.getAttribute('aria-current')).toBeNull();

    fireEvent.click(screen.getByText('Snapshots'));
    expect(useApp.getState().page).toEqual(SNAPSHOTS);
    expect(document.querySelector('.snapshots-link')?.getAttribute('aria-current')).toBe('page');
    expect(document.querySelector('.snapshots-link .count')?.textContent).toBe('2');

    fireEvent.click(screen.getByText('Metrics & gates'));
    expect(useApp.getState().page).toEqual(METRICS);
    expect(document.querySelector('[data-step-id="b"]')?.className).not.toContain('selected');
  });

  it('counts the steps done', () => {
    const view = sessionView(1, { a: 'passed', c: 'skipped' });
    useApp.getState().openSession(view);
    renderStepList(view);
    expect(screen.getByText('2 / 3 steps done')).toBeTruthy();
  });

  it('shows each step’s open issues', () => {
    const view = sessionView();
    useApp.getState().openSession(view);
    renderStepList(view);
    expect(document.querySelector('[data-step-id="a"] .count')?.textContent).toBe('3');
    expect(document.querySelector('[data-step-id="b"] .count')).toBeNull();
  });

  it('lists a step the fitted plan does not apply, dimmed with why, and leaves it out of the count', () => {
    const view = sessionView(1, { a: 'passed' });
    const c = view.plan.phases[1]!.steps[0]!;
    Object.assign(c, { applies: false, reason: 'no Dockerfile in this project' });
    useApp.getState().openSession(view);
    renderStepList(view);
    const button = document.querySelector('[data-step-id="c"]')!;
    expect(button.className).toContain('not-applicable');
    expect(button.getAttribute('data-applies')).toBe('false');
    expect(button.querySelector('.step-reason')?.textContent).toBe('Not applicable: no Dockerfile in this project');
    expect(document.querySelector('[data-step-id="a"]')?.className).not.toContain('not-applicable');
    expect(screen.getByText('1 / 2 steps done')).toBeTruthy();
  });

  it('draws each status and kind as a named SVG icon, no font glyph', () => {
    const view = sessionView(1, { a: 'passed', b: 'stopped' });
    useApp.getState().openSession(view);
    renderStepList(view);
    const a = document.querySelector('[data-step-id="a"]')!;
    expect([...a.querySelectorAll('svg[role="img"]')].map((i) => i.getAttribute('aria-label'))).toEqual(['Passed', 'command step']);
    expect(a.querySelector('svg title')?.textContent).toBe('Passed');
    expect(screen.getByRole('img', { name: 'Stopped' }).closest('[data-step-id]')?.getAttribute('data-step-id')).toBe('b');
    expect(screen.getByRole('img', { name: 'manual step' })).toBeTruthy();
    expect(document.querySelector('.sidebar')?.textContent).not.toMatch(/[✓✕○◐■↷⎘⏳☐⚙±◇▣▥]/);
  });

  it('says in a legend what every icon means', () => {
    const view = sessionView();
    useApp.getState().openSession(view);
    renderStepList(view);
    expect(screen.queryByRole('dialog', { name: 'Legend' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'What the icons mean' }));
    const legend = screen.getByRole('dialog', { name: 'Legend' });
    for (const name of ['Pending', 'Running', 'Passed', 'Failed', 'Stopped', 'Skipped', 'Interrupted', 'Command: runs in the terminal', 'Snapshot: pins the project as it is', 'Migrate: an edition or clippy migration you steer lint by lint']) {
      expect(legend.textContent).toContain(name);
    }
    expect(legend.querySelectorAll('li svg')).toHaveLength(14);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Legend' })).toBeNull();
  });

  it('folded to icons, keeps each step its name and tooltip, and unfolds', () => {
    const view = sessionView(1, { a: 'passed' });
    useApp.getState().openSession(view);
    const folds: boolean[] = [];
    renderStepList(view, { compact: true, onCompact: (c) => folds.push(c) });
    expect(document.querySelector('.sidebar')?.className).toContain('compact');
    const a = screen.getByRole('button', { name: /Step a/ });
    expect(a.getAttribute('title')).toBe('Step a (passed, command step)');
    fireEvent.click(screen.getByRole('button', { name: 'Show the step titles' }));
    expect(folds).toEqual([false]);
  });
});
