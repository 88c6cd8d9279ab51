// Edit steps: the diff a step's edit would make to the project as it is now,
// and applying exactly that diff (after a snapshot), which passes the step.
import type { EditPreviewResult } from '../../shared/contract';
import type { EditRecord, PlanStep, StepState } from '../../shared/model';
import { applyChanges } from '../edits/applyEdit';
import { EditError, lineCounts, planEdit, unifiedDiff, type EditPreview } from '../edits/planEdit';
import { lookedFor } from '../edits/lookedFor';
import { recordEdits } from '../edits/recordEdits';
import { noChangeNote } from '../../shared/stepState';
import { EngineFault } from '../engine/errors';
import { commitThenEmit } from '../engine/eventBus';
import type { Journal } from '../journal/journal';
import type { EventBus } from '../engine/eventBus';
import type { SnapshotService } from '../snapshots/service';
import { listProjectFiles, scanProject } from '../scanner';
import { isToolchainFile } from '../snapshots/toolchain';
import { sessionStep } from '../sessions/sessionStep';
import type { StepTransitions } from './stepTransitions';
import type { ToolchainRecorder } from './toolchainRecorder';

export interface EditStepDeps {
  journal: Journal;
  bus: EventBus;
  snapshots: SnapshotService;
  states: StepTransitions;
  toolchains: ToolchainRecorder;
}

export class EditSteps {
  constructor(private readonly deps: EditStepDeps) {}

  async preview(sessionId: number, stepId: string): Promise<EditPreviewResult> {
    const { step, root } = this.editStep(sessionId, stepId);
    const { changes, digest, atTarget } = await preview(step, root);
    return {
      digest,
      files: changes.map((change) => ({ file: change.file, diff: unifiedDiff(change), ...lineCounts(change) })),
      atTarget,
      lookedFor: lookedFor(step.edit!),
    };
  }

  /**
   * Applies the edit, if the files still make the diff previewed (`digest`);
   * the step has then passed. With nothing to change, it passes saying why:
   * already at the target, or nothing of this kind in the project.
   */
  async apply(sessionId: number, stepId: string, digest: string): Promise<{ edits: EditRecord[]; step: StepState }> {
    const { journal, bus, states } = this.deps;
    const { session } = journal.sessions.get(sessionId);
    if (!session.trusted) throw new EngineFault('untrusted', 'Review and trust this plan before applying its edits');
    const { step, root } = this.editStep(sessionId, stepId);
    const { changes, digest: now, atTarget } = await preview(step, root);
    if (now !== digest) throw new EngineFault('edit-conflict', 'The files changed since the preview; review the new diff before applying');
    if (changes.length > 0) await this.deps.snapshots.before(sessionId, stepId, `Before "${step.title}"`);
    try {
      await applyChanges(root, changes);
    } catch (error) {
      if (error instanceof EditError) throw new EngineFault('edit-conflict', error.message);
      throw error;
    }
    const applied = commitThenEmit(journal, bus, () => ({
      edits: recordEdits(this.deps, sessionId, stepId, changes),
      step: states.transition(sessionId, stepId, 'passed', null, changes.length ? null : noChangeNote({ atTarget, lookedFor: lookedFor(step.edit!) })),
    }));
    // A new pin in the rust-toolchain file is a new toolchain from here on.
    if (changes.some((change) => isToolchainFile(change.file))) this.deps.toolchains.afterStep(sessionId, stepId, root);
    return applied;
  }

  /** The session's step, which must be an edit step. */
  private editStep(sessionId: number, stepId: string): { step: PlanStep; root: string } {
    const found = sessionStep(this.deps.journal, sessionId, stepId);
    if (found.step.kind !== 'edit' || !found.step.edit) {
      throw new EngineFault('invalid-params', `step "${stepId}" is a ${found.step.kind} step, not an edit`);
    }
    return found;
  }
}

async function preview(step: PlanStep, root: string): Promise<EditPreview> {
  // A fresh scan: the pins' places are only good for the files as they are now.
  const scan = step.edit!.pins ? await scanProject(root, { toolchain: false }) : null;
  try {
    return await planEdit(step.edit!, { root, pins: scan?.pins ?? [], listFiles: () => listProjectFiles(root) });
  } catch (error) {
    if (error instanceof EditError) throw new EngineFault('edit-conflict', error.message);
    throw error;
  }
}
