// Which changes of a session belong to which step: the journal keeps the
// project's tree at checkpoints (the tree each run started on, each
// snapshot's tree). What changed from one checkpoint to the next is the work
// of the one who started at the first: a step's run, an edit step (its
// snapshot), a one-click fix, or the user (a command typed by hand, a
// restore, a snapshot taken by hand, or anything after a step's run or edit
// ended). Pure: trees are given as hashes.

export type Owner =
  | { kind: 'step'; stepId: string }
  | { kind: 'fix'; label: string }
  | { kind: 'outside'; command: string | null };

export interface Checkpoint {
  /** ISO time; ties: ends first, then snapshots (one is taken before its step runs). */
  at: string;
  /** `end`: where a step's run or edit ended; what follows is no step's until the next checkpoint. */
  source: 'end' | 'snapshot' | 'run';
  tree: string;
  owner: Owner;
  /** The run this checkpoint starts, if any. */
  runId?: number;
}

export interface Interval {
  from: string;
  to: string;
  owner: Owner;
  /** When its first checkpoint was taken. */
  at: string;
  /** The runs that started within it. */
  runIds: number[];
}

const sameOwner = (a: Owner, b: Owner): boolean =>
  a.kind === b.kind && (a.kind !== 'step' || a.stepId === (b as { stepId: string }).stepId) && (a.kind !== 'fix' || a.label === (b as { label: string }).label);

/** Checkpoints in journal order. */
export function ordered(checkpoints: Checkpoint[]): Checkpoint[] {
  const rank = (c: Checkpoint): number => ['end', 'snapshot', 'run'].indexOf(c.source);
  return checkpoints
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (a.c.at < b.c.at ? -1 : a.c.at > b.c.at ? 1 : rank(a.c) - rank(b.c) || a.i - b.i))
    .map(({ c }) => c);
}

/**
 * The session's changes as intervals from `start` (the tree the branch
 * starts from) to `end` (the work tree now): what came before the first
 * checkpoint is the user's, each checkpoint owns the change up to the next,
 * the last one up to `end`. Intervals that change nothing are dropped, and
 * neighbours with the same owner (a step run twice, a snapshot then its
 * step's run) merged.
 */
export function intervals(checkpoints: Checkpoint[], start: string, end: string): Interval[] {
  const list = ordered(checkpoints);
  const raw: Interval[] = [];
  let from = start;
  let owner: Owner = { kind: 'outside', command: null };
  let at = list[0]?.at ?? '';
  let runIds: number[] = [];
  for (const checkpoint of list) {
    raw.push({ from, to: checkpoint.tree, owner, at, runIds });
    ({ tree: from, owner, at } = checkpoint);
    runIds = checkpoint.runId === undefined ? [] : [checkpoint.runId];
  }
  raw.push({ from, to: end, owner, at, runIds });
  const merged: Interval[] = [];
  for (const interval of raw) {
    const last = merged[merged.length - 1];
    if (last && sameOwner(last.owner, interval.owner)) {
      last.to = interval.to;
      last.runIds.push(...interval.runIds);
    } else if (interval.from !== interval.to) {
      merged.push({ ...interval, runIds: [...interval.runIds] });
    }
  }
  return merged;
}
