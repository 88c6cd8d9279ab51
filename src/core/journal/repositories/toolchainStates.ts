// The toolchain_states table: the toolchain as rustup saw it just after a
// step moved it. Snapshots record it before a change; these, after one.
import type { ToolchainState, ToolchainStateRecord } from '../../../shared/model';
import { now, Repository } from './repository';

interface ToolchainStateRow { id: number; session_id: number; step_id: string; recorded_at: string; state_json: string }

const toToolchainState = (r: ToolchainStateRow): ToolchainStateRecord => ({
  id: r.id, sessionId: r.session_id, stepId: r.step_id, recordedAt: r.recorded_at, state: JSON.parse(r.state_json) as ToolchainState,
});

export class ToolchainStateRepository extends Repository {
  record(sessionId: number, stepId: string, state: ToolchainState): ToolchainStateRecord {
    const info = this.db.run(
      'INSERT INTO toolchain_states (session_id, step_id, recorded_at, state_json) VALUES (?, ?, ?, ?)',
      sessionId, stepId, now(), JSON.stringify(state),
    );
    return this.byId('toolchain_states', 'toolchain state', Number(info.lastInsertRowid), toToolchainState);
  }

  forSession(sessionId: number): ToolchainStateRecord[] {
    return this.ofSession('toolchain_states', sessionId, toToolchainState);
  }
}
