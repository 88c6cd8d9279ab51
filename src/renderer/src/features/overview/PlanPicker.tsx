import { useEffect, useRef, useState } from 'react';
import type { RequestResults } from '../../../../shared/contract';
import { PARAMETER_REF, planTooBig } from '../../../../shared/planParams';
import { useParsePlan, usePlans, useStartSession, type PlanChoice } from './queries';
import { useShortcut } from '../../ui/useShortcut';

type Parsed = RequestResults['plan.parse'] & { fileName: string; content: string };

/** Pick the plan for a new session: a built-in one, or a YAML / Markdown plan file (opened or dropped). */
export function PlanPicker({ projectPath, initialFile, onClose }: { projectPath: string; initialFile?: File; onClose: () => void }): React.JSX.Element {
  const builtinPlans = usePlans().data ?? [];
  const startSession = useStartSession(projectPath);
  const parsePlan = useParsePlan();
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  useShortcut('escape', onClose);

  const readFile = async (file: File): Promise<void> => {
    setError(null);
    setParsed(null);
    const tooBig = planTooBig(file.name, file.size);
    if (tooBig) return setError(tooBig);
    try {
      const content = await file.text();
      const result = await parsePlan.mutateAsync({ fileName: file.name, content });
      setParsed({ ...result, fileName: file.name, content });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const opened = useRef(false);
  useEffect(() => {
    // A file dropped on the page opens the picker with it, once.
    if (initialFile && !opened.current) {
      opened.current = true;
      void readFile(initialFile);
    }
  });

  const start = async (plan: PlanChoice): Promise<void> => {
    try {
      await startSession.mutateAsync({ plan });
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className={`modal plan-picker${dragging ? ' dragging' : ''}`}
        role="dialog"
        aria-label="Choose a plan"
        onClick={(e) => e.stopPropagation()}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file) void readFile(file);
        }}
      >
        <header>
          <h2>Choose a plan</h2>
          <button type="button" className="ghost" onClick={onClose} aria-label="Close (Esc)">
            ✕
          </button>
        </header>
        <p className="muted small">A new plan starts a new session for this project; the current session stays in the journal.</p>
        <h3>Built in</h3>
        <ul className="plan-list">
          {builtinPlans.map((p) => (
            <li key={p.id}>
              <div>
                <strong>{p.title.replace(PARAMETER_REF, (_m, name: string) => p.parameters.find((x) => x.name === name)?.default ?? name)}</strong>
                <p className="muted small">{p.description}</p>
              </div>
              <button type="button" onClick={() => void start({ builtin: p.id })}>
                Use
              </button>
            </li>
          ))}
        </ul>
        <h3>From a file</h3>
        <label className="drop-zone">
          <input
            type="file"
            accept=".yaml,.yml,.md,.markdown"
            aria-label="Open a plan file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void readFile(file);
            }}
          />
          Drop a plan here, or click to open one: a YAML plan, or a Markdown upgrade plan to import.
        </label>
        {error && (
          <pre className="error plan-error" role="alert">
            {error}
          </pre>
        )}
        {parsed && (
          <section className="parsed-plan" aria-label="Plan from file">
            <p>
              <strong>{parsed.plan.title}</strong> <span className="muted">from {parsed.fileName} ({parsed.format})</span>
            </p>
            <ul className="muted small">
              {parsed.plan.phases.map((phase) => (
                <li key={phase.id}>
                  {phase.title}: {phase.steps.length} steps
                </li>
              ))}
            </ul>
            {parsed.warnings.length > 0 && (
              <details>
                <summary>{parsed.warnings.length} import notes</summary>
                <ul className="small">
                  {parsed.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              </details>
            )}
            <div className="row">
              <span className="spacer" />
              <button
                type="button"
                className="primary"
                onClick={() => void start({ fileName: parsed.fileName, content: parsed.content })}
              >
                Start a session with this plan
              </button>
            </div>
          </section>
        )}
      </div>
    </div>
  );
}
