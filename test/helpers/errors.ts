import { expect } from 'vitest';

/** The error of class `Expected` that `fn` throws; any other outcome fails the test. */
export function thrownBy<E extends Error>(Expected: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof Expected) return error;
    throw error;
  }
  throw new Error(`expected a ${Expected.name}`);
}

/** Replaces exactly one occurrence, so a test cannot silently edit nothing. */
export function editOnce(text: string, find: string, replace: string): string {
  expect(text.split(find)).toHaveLength(2);
  return text.replace(find, replace);
}
