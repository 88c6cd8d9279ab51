// The renderer's UI store and its pages: which page a session opens on,
// Alt+Up/Down's order, and what opening another session forgets.
import { describe, expect, it } from 'vitest';
import { adjacentPage, firstPage, METRICS, OVERVIEW, samePage, SNAPSHOTS, stepPage } from '../../../src/renderer/src/app/page';
import { createAppStore } from '../../../src/renderer/src/app/store';
import { sessionView } from './sessionFixture';

describe('pages', () => {
  it('opens a session nothing has happened in on the overview', () => {
    expect(firstPage(sessionView())).toEqual(OVERVIEW);
  });

  it('opens a started session on its first step not done', () => {
    expect(firstPage(sessionView(1, { a: 'passed', b: 'failed' }))).toEqual(stepPage('b'));
    expect(firstPage(sessionView(1, { a: 'skipped' }))).toEqual(stepPage('b'));
  });

  it('opens a session whose steps are all done on the overview', () => {
    expect(firstPage(sessionView(1, { a: 'passed', b: 'passed', c: 'skipped' }))).toEqual(OVERVIEW);
  });

  it('steps through the overview and the plan in order, and stops at both ends', () => {
    const { plan } = sessionView();
    expect(adjacentPage(plan, OVERVIEW, 1)).toEqual(stepPage('a'));
    expect(adjacentPage(plan, stepPage('b'), 1)).toEqual(stepPage('c'));
    expect(adjacentPage(plan, stepPage('c'), 1)).toEqual(stepPage('c'));
    expect(adjacentPage(plan, stepPage('a'), -1)).toEqual(OVERVIEW);
    expect(adjacentPage(plan, OVERVIEW, -1)).toEqual(OVERVIEW);
  });

  it('goes from a page outside the plan (snapshots, metrics) to the overview', () => {
    const { plan } = sessionView();
    expect(adjacentPage(plan, SNAPSHOTS, 1)).toEqual(OVERVIEW);
    expect(adjacentPage(plan, METRICS, -1)).toEqual(OVERVIEW);
  });

  it('tells pages apart by kind, and steps by id', () => {
    expect(samePage(stepPage('a'), stepPage('a'))).toBe(true);
    expect(samePage(stepPage('a'), stepPage('b'))).toBe(false);
    expect(samePage(SNAPSHOTS, METRICS)).toBe(false);
    expect(samePage(null, OVERVIEW)).toBe(false);
  });
});

describe('the UI store', () => {
  it('opens a session on its first page and forgets the last one’s choices and messages', () => {
    const store = createAppStore();
    store.getState().openSession(sessionView(1));
    store.setState({ stepError: 'boom', metricsError: 'no terminal', comparison: { from: 3, against: null }, restoreError: 'nope' });
    store.getState().openSession(sessionView(2, { a: 'passed' }));
    const state = store.getState();
    expect(state.sessionId).toBe(2);
    expect(state.page).toEqual(stepPage('b'));
    expect([state.stepError, state.metricsError, state.comparison, state.restoreError, state.lastRestore]).toEqual([null, null, null, null, null]);
  });

  it('clears a step’s error when another page is shown', () => {
    const store = createAppStore();
    store.getState().openSession(sessionView());
    store.getState().setStepError('exit 1');
    store.getState().showPage(SNAPSHOTS);
    expect(store.getState().stepError).toBeNull();
    expect(store.getState().page).toEqual(SNAPSHOTS);
  });

  it('moves to the adjacent page from the one shown', () => {
    const store = createAppStore();
    const view = sessionView();
    store.getState().openSession(view);
    store.getState().showAdjacentPage(view, 1);
    store.getState().showAdjacentPage(view, 1);
    expect(store.getState().page).toEqual(stepPage('b'));
    store.getState().showAdjacentPage(view, -1);
    expect(store.getState().page).toEqual(stepPage('a'));
  });

  it('follows the busy state of the attached terminal only', () => {
    const store = createAppStore();
    store.getState().setTerminal('t1', false);
    store.getState().terminalState('t2', true);
    expect(store.getState().terminalBusy).toBe(false);
    store.getState().terminalState('t1', true);
    expect(store.getState().terminalBusy).toBe(true);
  });

  it('closing the project leaves no session, page or terminal', () => {
    const store = createAppStore();
    store.getState().openSession(sessionView());
    store.getState().setTerminal('t1', true);
    store.getState().closeSession();
    expect([store.getState().sessionId, store.getState().page, store.getState().terminalId]).toEqual([null, null, null]);
  });
});
