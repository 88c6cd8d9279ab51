// @vitest-environment happy-dom
// The workspace's pane sizes and folds: clamped when read back, remembered
// in localStorage for the next start, and a splitter that moves by keyboard
// and pointer, resets on double-click and folds on Enter.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/renderer/src/app/store';
import { LAYOUT_KEY, LAYOUT_LIMITS, parseLayout } from '../../../src/renderer/src/app/store/layoutSlice';
import { Splitter } from '../../../src/renderer/src/ui/Splitter';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('layout', () => {
  it('reads a saved layout back clamped, and falls back to the defaults for what it cannot read', () => {
    expect(parseLayout({ sideWidth: 5, panelWidth: 99_999, detailShare: 0.5, sideCollapsed: true, panelCollapsed: 'yes' })).toEqual({
      sideWidth: LAYOUT_LIMITS.sideWidth[0],
      panelWidth: LAYOUT_LIMITS.panelWidth[1],
      detailShare: 0.5,
      sideCollapsed: true,
      panelCollapsed: null,
    });
    expect(parseLayout({ sideWidth: Number.NaN, detailShare: '0.3' })).toMatchObject({ sideWidth: 260, detailShare: null });
    expect(parseLayout('nonsense')).toEqual(parseLayout(null));
  });

  it('remembers sizes and folds for the next start, and resets a size to its default', () => {
    const store = createAppStore();
    store.getState().resize('sideWidth', 333);
    store.getState().resize('detailShare', 2);
    store.getState().collapsePanel(true);
    expect(JSON.parse(localStorage.getItem(LAYOUT_KEY)!)).toMatchObject({ sideWidth: 333, detailShare: 0.85, panelCollapsed: true });
    const next = createAppStore().getState().layout;
    expect(next).toMatchObject({ sideWidth: 333, detailShare: 0.85, panelCollapsed: true, sideCollapsed: null });
    store.getState().resetSize('sideWidth');
    store.getState().resetSize('detailShare');
    expect(createAppStore().getState().layout).toMatchObject({ sideWidth: 260, detailShare: null });
  });

  it('starts from the defaults when the saved layout is not JSON', () => {
    localStorage.setItem(LAYOUT_KEY, '{oops');
    expect(createAppStore().getState().layout).toEqual(parseLayout(null));
  });
});

/** A pane of 200 px (100..400) sized by a splitter; `sign` -1: the pane is after it. */
function Pane({ sign = 1 }: { sign?: 1 | -1 }): React.JSX.Element {
  const [size, setSize] = useState(200);
  const [folded, setFolded] = useState(false);
  return (
    <>
      <Splitter orientation="vertical" label="Resize" value={size} min={100} max={400} sign={sign} onChange={setSize} onReset={() => setSize(250)} onToggle={() => setFolded(!folded)} />
      <output>{folded ? 'folded' : 'open'}</output>
    </>
  );
}

describe('Splitter', () => {
  it('is a focusable separator that says its size, moved by the arrow keys within its bounds', () => {
    render(<Pane />);
    const bar = screen.getByRole('separator', { name: 'Resize' });
    expect(bar.getAttribute('tabindex')).toBe('0');
    expect(bar.getAttribute('aria-orientation')).toBe('vertical');
    expect([bar.getAttribute('aria-valuemin'), bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')]).toEqual(['100', '200', '400']);
    fireEvent.keyDown(bar, { key: 'ArrowRight' });
    expect(bar.getAttribute('aria-valuenow')).toBe('216');
    fireEvent.keyDown(bar, { key: 'ArrowLeft', shiftKey: true });
    expect(bar.getAttribute('aria-valuenow')).toBe('152');
    fireEvent.keyDown(bar, { key: 'End' });
    fireEvent.keyDown(bar, { key: 'ArrowRight' });
    expect(bar.getAttribute('aria-valuenow')).toBe('400');
    fireEvent.keyDown(bar, { key: 'Home' });
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
    fireEvent.doubleClick(bar);
    expect(bar.getAttribute('aria-valuenow')).toBe('250');
    fireEvent.keyDown(bar, { key: 'Enter' });
    expect(screen.getByRole('status').textContent).toBe('folded');
  });

  it('grows a pane after it when moved the other way', () => {
    render(<Pane sign={-1} />);
    const bar = screen.getByRole('separator', { name: 'Resize' });
    fireEvent.keyDown(bar, { key: 'ArrowLeft' });
    expect(bar.getAttribute('aria-valuenow')).toBe('216');
  });

  it('follows the pointer while pressed, clamped', () => {
    render(<Pane />);
    const bar = screen.getByRole('separator', { name: 'Resize' });
    bar.setPointerCapture = () => undefined;
    fireEvent.pointerDown(bar, { button: 0, clientX: 500, pointerId: 1 });
    fireEvent.pointerMove(bar, { clientX: 540, pointerId: 1 });
    expect(bar.getAttribute('aria-valuenow')).toBe('240');
    fireEvent.pointerMove(bar, { clientX: 100, pointerId: 1 });
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
    fireEvent.pointerUp(bar, { pointerId: 1 });
    fireEvent.pointerMove(bar, { clientX: 700, pointerId: 1 });
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
  });
});
