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
function renderStepList(view: SessionView): void {
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
      <StepList view={view} />
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
});
