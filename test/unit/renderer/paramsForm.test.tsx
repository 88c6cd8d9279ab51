// @vitest-environment happy-dom
// The parameters form: what the user typed survives a new view of the session
// arriving meanwhile, only the changed values are sent, and a value the engine
// took is shown as the engine has it from then on.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../src/shared/model';
import { ParamsForm } from '../../../src/renderer/src/features/overview/ParamsForm';
import { sessionView } from './sessionFixture';

function viewWith(params: Record<string, string>): SessionView {
  const view = sessionView();
  const parameter = (name: string) => ({ name, type: 'rust-version' as const, default: '1.81', description: '' });
  return { ...view, session: { ...view.session, params }, plan: { ...view.plan, parameters: [parameter('from_rust'), parameter('to_rust')] } };
}

function renderForm(params: Record<string, string>): { sent: Record<string, string>[]; rerender: (params: Record<string, string>) => void } {
  const sent: Record<string, string>[] = [];
  const form = (p: Record<string, string>) => <ParamsForm view={viewWith(p)} setParams={(s) => sent.push(s)} refused={null} />;
  const { rerender } = render(form(params));
  return { sent, rerender: (p) => rerender(form(p)) };
}

const field = (name: string) => screen.getByRole<HTMLInputElement>('textbox', { name });
const apply = () => screen.getByRole<HTMLButtonElement>('button', { name: 'Apply parameters' });

afterEach(cleanup);

describe('ParamsForm', () => {
  it('keeps what the user typed when a new view of the session arrives, and sends only that', () => {
    const form = renderForm({ from_rust: '1.75', to_rust: '1.81' });
    expect(apply().disabled).toBe(true);
    fireEvent.change(field('to_rust'), { target: { value: '1.85' } });
    // Meanwhile another parameter was set elsewhere (a finding's choice).
    form.rerender({ to_rust: '1.81', from_rust: '1.63' });
    expect(field('to_rust').value).toBe('1.85');
    expect(field('from_rust').value).toBe('1.63');
    expect(apply().disabled).toBe(false);
    fireEvent.click(apply());
    expect(form.sent).toEqual([{ to_rust: '1.85' }]);
  });

  it('shows the engine value once it took the typed one, and later changes of it', () => {
    const form = renderForm({ from_rust: '1.75', to_rust: '1.81' });
    fireEvent.change(field('to_rust'), { target: { value: '1.85' } });
    form.rerender({ from_rust: '1.75', to_rust: '1.85' });
    expect(apply().disabled).toBe(true);
    // Set elsewhere (a finding's choice): the form follows the engine, not the old typing.
    form.rerender({ from_rust: '1.75', to_rust: '1.86' });
    expect(field('to_rust').value).toBe('1.86');
    expect(apply().disabled).toBe(true);
  });

  it('does not offer to apply a value typed back to what the engine has, nor an invalid one', () => {
    renderForm({ from_rust: '1.75', to_rust: '1.81' });
    fireEvent.change(field('to_rust'), { target: { value: '1.85' } });
    fireEvent.change(field('to_rust'), { target: { value: '1.81' } });
    expect(apply().disabled).toBe(true);
    fireEvent.change(field('to_rust'), { target: { value: 'one point eight' } });
    expect(apply().disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toMatch(/one point eight/);
  });
});
