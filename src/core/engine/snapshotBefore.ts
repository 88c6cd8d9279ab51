// Every risky change is preceded by a rollback snapshot, journaled with the
// step it guards. No snapshot, no change: the caller gets the reason instead.
import type { SnapshotRecord } from '../../shared/model';
import { EngineFault } from './errors';
import type { EngineContext } from './handlers';

export async function snapshotBefore(
  { journal, bus, snapshots }: Pick<EngineContext, 'journal' | 'bus' | 'snapshots'>,
  sessionId: number,
  stepId: string | null,
  label: string,
): Promise<SnapshotRecord> {
  const root = journal.project(journal.session(sessionId).session.projectId).path;
  let taken;
  try {
    taken = await snapshots.take(root, label);
  } catch (error) {
    throw new EngineFault('io', `No change was made: the snapshot before it could not be taken (${(error as Error).message})`);
  }
  const record = journal.recordSnapshot(sessionId, stepId, taken);
  bus.emit('snapshot.taken', record);
  return record;
}
