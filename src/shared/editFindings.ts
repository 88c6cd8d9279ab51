// What an edit step that has nothing to change found, in the words the app,
// the CLI and the journal use: the project already says what the edit would
// write, or the project has nothing the edit looks for.
import type { EditAtTarget } from './model';

/** The places shown before "and N more". */
const SHOWN = 4;

/** `Makefile:3 says 1.81, ci.yml:7 says 1.81`. */
export function atTargetList(atTarget: readonly EditAtTarget[]): string {
  const shown = atTarget.slice(0, SHOWN).map((at) => `${at.file}${at.line ? `:${at.line}` : ''} says ${at.says}`);
  const more = atTarget.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** Why an edit step with no change has none, as a sentence. */
export function noChangeWords(found: { atTarget: readonly EditAtTarget[]; lookedFor: string }): string {
  return found.atTarget.length > 0
    ? `Already at the target: ${atTargetList(found.atTarget)}`
    : `Nothing of this kind in this project: no ${found.lookedFor}`;
}

/** The journaled note of an edit step that passed with no change. */
export function noChangeNote(found: { atTarget: readonly EditAtTarget[]; lookedFor: string }): string {
  return found.atTarget.length > 0
    ? `already done: ${atTargetList(found.atTarget)}`
    : `nothing to change: no ${found.lookedFor} in this project`;
}
