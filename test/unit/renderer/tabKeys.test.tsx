import { describe, expect, it } from 'vitest';
import { tabAction } from '../../../src/renderer/src/features/terminal/tabKeys';

const key = (code: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean; meta?: boolean } = {}) => ({
  code,
  ctrlKey: mods.ctrl ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
  metaKey: mods.meta ?? false,
});

describe('terminal tab keys', () => {
  it('opens, and switches, with the keys that reach a browser page and the desktop app ones', () => {
    expect(tabAction(key('KeyT', { alt: true, shift: true }))).toBe('new');
    expect(tabAction(key('KeyT', { ctrl: true, shift: true }))).toBe('new');
    expect(tabAction(key('ArrowRight', { alt: true, shift: true }))).toBe('next');
    expect(tabAction(key('ArrowLeft', { alt: true, shift: true }))).toBe('previous');
    expect(tabAction(key('PageDown', { ctrl: true }))).toBe('next');
    expect(tabAction(key('PageUp', { ctrl: true }))).toBe('previous');
  });

  it("leaves the shell's keys alone", () => {
    expect(tabAction(key('KeyT', { ctrl: true }))).toBeNull(); // transpose characters
    expect(tabAction(key('KeyT', { ctrl: true, alt: true, shift: true }))).toBeNull();
    expect(tabAction(key('ArrowLeft', { alt: true }))).toBeNull(); // a word back
    expect(tabAction(key('PageUp', { shift: true }))).toBeNull(); // scroll
    expect(tabAction(key('KeyT', { meta: true, shift: true }))).toBeNull();
  });
});
