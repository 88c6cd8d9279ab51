// Journals the file changes an edit step or a fix applied, and tells clients
// (`edits.applied`) once they have committed; nothing when nothing changed.
import type { EditRecord } from '../../shared/model';
import { commitThenEmit, type EventBus } from '../engine/eventBus';
import type { Journal } from '../journal/journal';
import { unifiedDiff, type FileChange } from './planEdit';

export function recordEdits({ journal, bus }: { journal: Journal; bus: EventBus }, sessionId: number, stepId: string, changes: FileChange[]): EditRecord[] {
  return commitThenEmit(journal, bus, () => {
    const edits = journal.edits.record(sessionId, stepId, changes.map((c) => ({ file: c.file, diff: unifiedDiff(c) })));
    if (edits.length > 0) bus.emit('edits.applied', { sessionId, edits });
    return edits;
  });
}
