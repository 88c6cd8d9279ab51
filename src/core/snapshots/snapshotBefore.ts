// Taking a rollback snapshot of a session's project: the store's copy, the
// toolchain as rustup sees it, one journal row, one event. Every risky
// change is preceded by one (snapshotBefore): no snapshot, no change.
import type { SnapshotKind, SnapshotRecord } from '../../shared/model';
import { EngineFault } from '../engine/errors';
import type { EventBus } from '../engine/eventBus';
import type { Journal } from '../journal/journal';
import type { SnapshotStores } from './index';
import { captureToolchain } from './toolchain';

/** What snapshot work is done with: the journal it records in, the bus it tells, the stores that keep the copies. */
export interface SnapshotDeps {
  journal: Journal;
  bus: EventBus;
  stores: SnapshotStores;
}

export interface TakeOptions {
  stepId?: string | null;
  label: string;
  kind: SnapshotKind;
  /** The issue whose one-click fix follows. */
  issueId?: number | null;
}

export function projectRoot(journal: Journal, sessionId: number): string {
  return journal.projects.get(journal.sessions.get(sessionId).session.projectId).path;
}

export async function takeSnapshot({ journal, bus, stores }: SnapshotDeps, sessionId: number, options: TakeOptions): Promise<SnapshotRecord> {
  const root = projectRoot(journal, sessionId);
  const [taken, toolchain] = await Promise.all([stores.take(root, options.label), captureToolchain(root)]);
  const record = journal.snapshots.record(sessionId, options.stepId ?? null, taken, { kind: options.kind, toolchain, issueId: options.issueId });
  bus.emit('snapshot.taken', record);
  return record;
}

export async function snapshotBefore(
  deps: SnapshotDeps,
  sessionId: number,
  stepId: string | null,
  label: string,
  issueId: number | null = null,
): Promise<SnapshotRecord> {
  try {
    return await takeSnapshot(deps, sessionId, { stepId, label, kind: 'auto', issueId });
  } catch (error) {
    throw new EngineFault('io', `No change was made: the snapshot before it could not be taken (${(error as Error).message})`);
  }
}
