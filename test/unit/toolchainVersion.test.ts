import { describe, expect, it } from 'vitest';
import { findConflicts } from '../../src/core/scanner/conflicts';
import type { Pin } from '../../src/shared/scan';
import { compareVersions } from '../../src/core/toolchain/version';

describe('compareVersions', () => {
  it('compares parts as numbers, so 1.9 comes before 1.10', () => {
    expect(compareVersions('1.9', '1.10')).toBeLessThan(0);
    expect(compareVersions('1.81.1', '1.81.0')).toBeGreaterThan(0);
    expect(compareVersions('25.0.0', '3.0.0')).toBeGreaterThan(0);
  });

  it('counts a missing part as 0: 1.81 is the 1.81.0 release', () => {
    expect(compareVersions('1.81', '1.81.0')).toBe(0);
    expect(compareVersions('1.81.0', '1.81')).toBe(0);
    expect(compareVersions('1.81', '1.81.2')).toBeLessThan(0);
  });

  it('compares the texts where a part is not a number', () => {
    expect(compareVersions('>=1, <2', '~1.2')).toBeLessThan(0);
    expect(compareVersions('=1.0.3', '=1.0.3')).toBe(0);
    expect(Number.isNaN(compareVersions('1.0.0-beta', '1.0.0'))).toBe(false);
  });
});

describe('findConflicts order', () => {
  const pin = (file: string, value: string): Pin => ({ file, line: 1, column: 1, kind: 'cargo-dependency', name: 'zeroes', value, text: `zeroes = "${value}"` });

  it('lists versions oldest first, and of equal ones the one written with fewer parts first', () => {
    const pins = [pin('c/Cargo.toml', '0.0.0'), pin('d/Cargo.toml', '0.1'), pin('a/Cargo.toml', '0'), pin('b/Cargo.toml', '0.0')];
    const [conflict] = findConflicts(pins);
    expect(conflict!.values.map((v) => v.value)).toEqual(['0', '0.0', '0.0.0', '0.1']);
  });
});
