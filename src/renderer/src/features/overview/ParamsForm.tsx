// The plan's parameters as a form: each value checked as typed, with the rule
// the engine applies; only the values the user changed are sent.
import { useState } from 'react';
import type { SessionView } from '../../../../shared/model';
import { PARAM_TYPE_RULES, paramType, valueError } from '../../../../shared/planParams';
import type { ParamError } from './queries';

export type SetParams = (params: Record<string, string>) => void;

export function ParamsForm({ view, setParams, refused }: { view: SessionView; setParams: SetParams; refused: ParamError | null }): React.JSX.Element {
  const params = view.session.params;
  // What the user typed, over what the engine has. A new view of the session arriving while the user types leaves
  // the typed values alone; those the engine now has are dropped, so a later change of the engine's value shows.
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [seen, setSeen] = useState(params);
  if (seen !== params) {
    // Adjusted while rendering (React's pattern for state derived from props), not in an effect a frame late.
    setSeen(params);
    setEdits(pendingEdits(edits, params));
  }
  const pending = pendingEdits(edits, params);
  const draft = { ...params, ...pending };
  const parameters = view.plan.parameters;
  const changed = Object.keys(pending).length > 0;
  // Checked as typed, with the rule the engine applies; what the engine still refuses shows beside its field too.
  const problems = new Map(parameters.map((p) => [p.name, valueError(paramType(p), draft[p.name] ?? '')]));
  if (refused && refused.value === draft[refused.param] && !problems.get(refused.param)) problems.set(refused.param, refused.message);
  const invalid = [...problems.values()].some(Boolean);
  if (parameters.length === 0) return <section className="card muted">This plan has no parameters.</section>;
  return (
    <form
      className="card params"
      aria-label="Parameters"
      onSubmit={(e) => {
        e.preventDefault();
        // Only what was changed: each value sent becomes one the user set, kept when the plan is fitted again.
        if (!invalid) setParams(pending);
      }}
    >
      <h3>Parameters</h3>
      {parameters.map((p) => {
        const problem = problems.get(p.name);
        const rule = PARAM_TYPE_RULES[paramType(p)];
        return (
          <div key={p.name} className="param">
            <label title={p.description}>
              <span>{p.name}</span>
              <input
                value={draft[p.name] ?? ''}
                onChange={(e) => setEdits({ ...edits, [p.name]: e.target.value })}
                spellCheck={false}
                placeholder={`${rule.noun} (${rule.expected})`}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `param-error-${p.name}` : undefined}
              />
            </label>
            {p.source && (
              <p className="small muted param-source" data-testid={`param-source-${p.name}`}>
                {p.source}
              </p>
            )}
            {problem && (
              <p id={`param-error-${p.name}`} className="error field-error" role="alert">
                {problem}
              </p>
            )}
          </div>
        );
      })}
      <button type="submit" className="primary" disabled={!changed || invalid}>
        Apply parameters
      </button>
    </form>
  );
}

/** The typed values the engine does not have; the same object when nothing is dropped, so React can skip a render. */
function pendingEdits(typed: Record<string, string>, params: Record<string, string>): Record<string, string> {
  const pending = Object.entries(typed).filter(([k, v]) => params[k] !== v);
  return pending.length === Object.keys(typed).length ? typed : Object.fromEntries(pending);
}
