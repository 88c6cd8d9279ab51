import type { Plan } from '../../../../shared/model';
import { useShortcut } from '../../ui/useShortcut';
import { useTrustPlan } from './queries';

/** Everything a plan from a file would run or change, shown once before any of it may. */
export function TrustDialog({ sessionId, plan, origin, onClose }: { sessionId: number; plan: Plan; origin: string; onClose: () => void }): React.JSX.Element {
  const trust = useTrustPlan(sessionId);
  useShortcut('escape', onClose);
  const steps = plan.phases.flatMap((p) => p.steps);
  const commands = steps.filter((s) => s.command);
  const edits = steps.filter((s) => s.edit);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="Review plan" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>Review “{plan.title}” before it runs anything</h2>
        </header>
        <p className="muted">
          This plan comes from <code>{origin}</code>. It will run these {commands.length} commands in your shell and make
          these {edits.length} edits (each edit is shown as a diff before it is applied).
        </p>
        <div className="trust-list">
          <h3>Commands</h3>
          <ol>
            {commands.map((s) => (
              <li key={s.id}>
                <code>{s.command}</code> <span className="muted small">— {s.title}</span>
              </li>
            ))}
          </ol>
          <h3>Edits</h3>
          <ol>
            {edits.map((s) => (
              <li key={s.id}>
                {s.edit?.replace && (
                  <>
                    <code>{s.edit.replace.find}</code> → <code>{s.edit.replace.with}</code>
                    {s.edit.replace.files ? ` in ${s.edit.replace.files.join(', ')}` : ' in every project file that contains it'}
                  </>
                )}
                {s.edit?.pins && (
                  <>
                    {s.edit.pins.kinds.join(', ')}
                    {s.edit.pins.name ? ` (${s.edit.pins.name})` : ''} → <code>{s.edit.pins.to}</code>
                  </>
                )}
                <span className="muted small"> — {s.title}</span>
              </li>
            ))}
          </ol>
        </div>
        <div className="row">
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            Not now
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => {
              trust.mutate(undefined, { onSuccess: onClose });
            }}
          >
            Trust this plan
          </button>
        </div>
      </div>
    </div>
  );
}
