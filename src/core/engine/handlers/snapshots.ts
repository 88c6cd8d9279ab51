import type { RestoreResult } from '../../../shared/contract';
import { emergencyCommand } from '../../snapshots/restores';
import type { EngineContext } from '../context';
import { EngineFault } from '../errors';
import type { RequestHandlers } from './index';

type SnapshotHandlers = Pick<
  RequestHandlers,
  'snapshots.list' | 'snapshot.create' | 'snapshot.diff' | 'snapshot.restore' | 'restore.undo' | 'snapshots.prune'
>;

export function snapshotHandlers({ snapshots, terminals }: EngineContext): SnapshotHandlers {
  const checkTerminal = (sessionId: number, terminalId: string | undefined): void => {
    if (terminalId) terminals.checkSession(sessionId, terminalId);
  };
  /** After an emergency restore: the toolchain commands, then the clean rebuild, typed into the terminal. */
  const typeEmergencyCommands = async (sessionId: number, result: RestoreResult, terminalId: string | undefined): Promise<RestoreResult> => {
    const command = emergencyCommand(result.restore);
    if (command === null || !terminalId) return result;
    await terminals.type(sessionId, terminalId, command, { origin: 'rollback' }).catch((error: Error) => {
      throw new EngineFault('busy', `The files were restored, but the terminal could not run \`${command}\`: ${error.message}`);
    });
    return result;
  };

  return {
    'snapshots.list': ({ sessionId }) => snapshots.list(sessionId),
    'snapshot.create': ({ sessionId, label }) => snapshots.create(sessionId, label),
    'snapshot.diff': ({ sessionId, snapshotId, against }) => snapshots.diff(sessionId, snapshotId, against),
    'snapshot.restore': async ({ sessionId, snapshotId, mode, files, terminalId }) => {
      checkTerminal(sessionId, terminalId);
      return typeEmergencyCommands(sessionId, await snapshots.restore({ sessionId, snapshotId, mode, files }), terminalId);
    },
    'restore.undo': async ({ sessionId, restoreId, terminalId }) => {
      checkTerminal(sessionId, terminalId);
      return typeEmergencyCommands(sessionId, await snapshots.undo(sessionId, restoreId), terminalId);
    },
    'snapshots.prune': ({ sessionId, snapshotIds }) => snapshots.prune(sessionId, snapshotIds),
  };
}
