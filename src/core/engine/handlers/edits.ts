import type { PlanStep } from '../../../shared/model';
import { applyChanges } from '../../edits/applyEdit';
import { EditError, lineCounts, planEdit, unifiedDiff, type EditPreview } from '../../edits/planEdit';
import type { Journal } from '../../journal/journal';
import { listProjectFiles, scanProject } from '../../scanner';
import { EngineFault } from '../errors';
import { sessionStep } from '../../sessions/sessionStep';
import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type EditHandlers = Pick<RequestHandlers, 'step.preview' | 'step.apply'>;

/** The session's step, which must be an edit step. */
function editStep(journal: Journal, sessionId: number, stepId: string): { step: PlanStep; root: string } {
  const found = sessionStep(journal, sessionId, stepId);
  if (found.step.kind !== 'edit' || !found.step.edit) {
    throw new EngineFault('invalid-params', `step "${stepId}" is a ${found.step.kind} step, not an edit`);
  }
  return found;
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

export function editHandlers(context: EngineContext): EditHandlers {
  const { journal, bus, snapshots } = context;
  return {
    'step.preview': async ({ sessionId, stepId }) => {
      const { step, root } = editStep(journal, sessionId, stepId);
      const { changes, digest } = await preview(step, root);
      return {
        digest,
        files: changes.map((change) => ({ file: change.file, diff: unifiedDiff(change), ...lineCounts(change) })),
      };
    },
    'step.apply': async ({ sessionId, stepId, digest }) => {
      const { session } = journal.sessions.get(sessionId);
      if (!session.trusted) throw new EngineFault('untrusted', 'Review and trust this plan before applying its edits');
      const { step, root } = editStep(journal, sessionId, stepId);
      const { changes, digest: now } = await preview(step, root);
      if (now !== digest) throw new EngineFault('edit-conflict', 'The files changed since the preview; review the new diff before applying');
      if (changes.length > 0) await snapshots.before(sessionId, stepId, `Before "${step.title}"`);
      try {
        await applyChanges(root, changes);
      } catch (error) {
        if (error instanceof EditError) throw new EngineFault('edit-conflict', error.message);
        throw error;
      }
      const edits = journal.edits.record(sessionId, stepId, changes.map((c) => ({ file: c.file, diff: unifiedDiff(c) })));
      const state = journal.sessions.setStepState(sessionId, stepId, 'passed', null);
      if (edits.length > 0) bus.emit('edits.applied', { sessionId, edits });
      bus.emit('step.changed', { sessionId, step: state });
      return { edits, step: state };
    },
  };
}
