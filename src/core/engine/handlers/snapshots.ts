import type { RestoreResult } from '../../../shared/contract';
import { EngineFault } from '../errors';
import { pruneSnapshots } from '../pruning';
import { restoreSnapshot, undoRestore } from '../restores';
import { takeSnapshot } from '../snapshotBefore';
import { diffSnapshot, listSnapshots } from '../snapshotViews';
import type { EngineContext, RequestHandlers } from './index';

type SnapshotHandlers = Pick<
  RequestHandlers,
  'snapshots.list' | 'snapshot.create' | 'snapshot.diff' | 'snapshot.restore' | 'restore.undo' | 'snapshots.prune'
>;

/** The seed's emergency rollback ends by rebuilding from scratch under the restored toolchain. */
export const EMERGENCY_REBUILD = 'cargo clean && cargo build --release';

export function snapshotHandlers(context: EngineContext): SnapshotHandlers {
  const { journal, terminals } = context;

  const checkTerminal = (sessionId: number, terminalId: string | undefined): void => {
    if (terminalId) terminals.checkSession(sessionId, terminalId);
  };
  /** After an emergency restore: the toolchain commands, then the clean rebuild, typed into the terminal. */
  const typeEmergencyCommands = async (sessionId: number, result: RestoreResult, terminalId: string | undefined): Promise<RestoreResult> => {
    if (result.restore.mode !== 'emergency' || !terminalId) return result;
    const command = [...result.restore.toolchainCommands, EMERGENCY_REBUILD].join(' && ');
    await terminals.type(sessionId, terminalId, command).catch((error: Error) => {
      throw new EngineFault('busy', `The files were restored, but the terminal could not run \`${command}\`: ${error.message}`);
    });
    return result;
  };

  return {
    'snapshots.list': ({ sessionId }) => listSnapshots(context, sessionId),
    'snapshot.create': async ({ sessionId, label }) => {
      journal.session(sessionId);
      try {
        return await takeSnapshot(context, sessionId, { label, kind: 'manual' });
      } catch (error) {
        throw new EngineFault('io', `The snapshot could not be taken: ${(error as Error).message}`);
      }
    },
    'snapshot.diff': ({ sessionId, snapshotId, against }) => diffSnapshot(context, sessionId, snapshotId, against),
    'snapshot.restore': async ({ sessionId, snapshotId, mode, files, terminalId }) => {
      checkTerminal(sessionId, terminalId);
      return typeEmergencyCommands(sessionId, await restoreSnapshot(context, { sessionId, snapshotId, mode, files }), terminalId);
    },
    'restore.undo': async ({ sessionId, restoreId, terminalId }) => {
      checkTerminal(sessionId, terminalId);
      return typeEmergencyCommands(sessionId, await undoRestore(context, sessionId, restoreId), terminalId);
    },
    'snapshots.prune': ({ sessionId, snapshotIds }) => pruneSnapshots(context, sessionId, snapshotIds),
  };
}
