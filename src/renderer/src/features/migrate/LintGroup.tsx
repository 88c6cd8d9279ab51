import type { MigrationChoices, MigrationGroup } from '../../../../shared/migrate/migration';
import { hunkDiff, hunkPlace } from '../../../../shared/migrate/migration';
import { plural } from '../../../../shared/words/plural';
import { DiffView } from '../../ui/DiffView';
import { Markdown } from '../../ui/Markdown';


/** One lint's fixes: accepted as a whole or not, each fix with its own include box, shown as a diff when opened. */
export function LintGroup({ group, choices, onChange }: { group: MigrationGroup; choices: MigrationChoices; onChange: (next: MigrationChoices) => void }): React.JSX.Element {
  const accepted = choices.accepted[group.lint] ?? false;
  const files = new Set(group.hunks.map((h) => h.file)).size;
  const toggleHunk = (place: string, include: boolean): void =>
    onChange({ ...choices, excluded: include ? choices.excluded.filter((p) => p !== place) : [...choices.excluded, place] });
  return (
    <li className={`lint-group${accepted ? '' : ' rejected'}${group.reviewRequired ? ' review' : ''}`} data-lint={group.lint}>
      <div className="row">
        <label>
          <input type="checkbox" checked={accepted} aria-label={`Accept ${group.lint}`} onChange={(e) => onChange({ ...choices, accepted: { ...choices.accepted, [group.lint]: e.target.checked } })} />{' '}
          <code>{group.lint}</code>
        </label>
        <span className="muted small">
          {plural(group.hunks.length, 'fix', 'fixes')} in {plural(files, 'file')} · {[...new Set(group.hunks.map((h) => h.step))].join(', ')}
        </span>
        {group.reviewRequired && (
          <span className="badge review" title={group.reviewReason}>
            review
          </span>
        )}
      </div>
      {group.reviewRequired && (
        <p className="small review-reason">
          Can change what the code does: <Markdown text={`${group.reviewReason ?? ''}.`} inline /> Left out unless you tick it.
        </p>
      )}
      <details>
        <summary className="small">Show {plural(group.hunks.length, 'fix', 'fixes')}</summary>
        <ol className="hunks">
          {group.hunks.map((hunk) => {
            const place = hunkPlace(hunk);
            return (
              <li key={`${hunk.step} ${place}`} data-place={place}>
                <label className="small">
                  <input type="checkbox" disabled={!accepted} checked={accepted && !choices.excluded.includes(place)} aria-label={`Include ${place}`} onChange={(e) => toggleHunk(place, e.target.checked)} />{' '}
                  <code>{place}</code> <span className="muted">{hunk.message}</span>
                </label>
                <DiffView files={[hunkDiff(hunk)]} />
              </li>
            );
          })}
        </ol>
      </details>
    </li>
  );
}
