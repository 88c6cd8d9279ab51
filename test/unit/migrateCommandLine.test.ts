// The journaled `stepwise migrate` line: the CLI and the engine write it, and
// `plan from-session` reads it back, so what is written must read back whole.
import { describe, expect, it } from 'vitest';
import { migrateCommandLine, readMigrateCommandLine, type MigrateChoices } from '../../src/core/migrate/migrateCommandLine';

const none = { clippy: [], accept: [], reject: [], skip: [] };

describe('migrateCommandLine', () => {
  it('writes the options in one order, lists comma-joined, and reads them back whole', () => {
    const choices: MigrateChoices = { edition: '2024', clippy: ['len_zero', 'clippy::style'], accept: ['if_let_rescope'], reject: ['unsafe-op-in-unsafe-fn'], skip: ['src/lib.rs:97'], toolchain: 'debian-1.85', stages: ['build', 'test'] };
    const line = migrateCommandLine(choices);
    expect(line).toBe(
      'stepwise migrate --project . --edition 2024 --clippy len_zero,clippy::style --accept if_let_rescope --reject unsafe-op-in-unsafe-fn --skip src/lib.rs:97 --toolchain debian-1.85 --stages --checks build,test',
    );
    expect(readMigrateCommandLine(line)).toEqual(choices);
  });

  it('leaves out what was not asked: no edition (clippy alone), no stages; --stages alone for the default checks', () => {
    expect(migrateCommandLine({ ...none, clippy: ['map_clone'] })).toBe('stepwise migrate --project . --clippy map_clone');
    expect(migrateCommandLine({ ...none, edition: '2021', stages: [] })).toBe('stepwise migrate --project . --edition 2021 --stages');
    expect(readMigrateCommandLine('stepwise migrate --project . --edition 2021 --stages')).toEqual({ ...none, edition: '2021', stages: [] });
    expect(readMigrateCommandLine('stepwise migrate --project . --clippy map_clone')).toEqual({ ...none, clippy: ['map_clone'] });
  });

  it('reads nothing from other commands', () => {
    expect(readMigrateCommandLine('cargo fix --edition')).toBeNull();
    expect(readMigrateCommandLine('stepwise run --plan x.yaml')).toBeNull();
  });
});
