// A question asked in place, before an action that cannot be taken back
// lightly (running a step again, passing an edit without its diff): the
// question, a primary "yes" that has the focus, and Cancel.
export interface InlineConfirmProps {
  /** The group's accessible name, e.g. "Run again?". */
  label: string;
  /** The primary button's text, saying what it does. */
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
  /** The question, with what the action will do. */
  children: React.ReactNode;
}

export function InlineConfirm({ label, confirm, onConfirm, onCancel, testId, children }: InlineConfirmProps): React.JSX.Element {
  return (
    <div className="rerun-confirm" role="group" aria-label={label} data-testid={testId}>
      <span>{children}</span>
      <button type="button" className="primary" onClick={onConfirm} autoFocus>
        {confirm}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
