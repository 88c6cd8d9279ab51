// What the step list's icons mean: each status and each kind of step, by name.
import { useEffect, useRef, useState } from 'react';
import type { StepKind, StepStatus } from '../../../../shared/model';
import { Icon } from '../../ui/icons';
import { KIND_LABEL, STATUS_LABEL } from './status';

export function StepLegend(): React.JSX.Element {
  // Where the popover goes: under the button, in the window (the list scrolls and is narrower than the legend).
  const [open, setOpen] = useState<{ top: number; left: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    // A click elsewhere or Escape closes it; the key is the legend's only while it is open.
    const away = (e: PointerEvent): void => void (box.current?.contains(e.target as Node) || setOpen(null));
    const escape = (e: KeyboardEvent): void => void (e.key === 'Escape' && setOpen(null));
    window.addEventListener('pointerdown', away);
    window.addEventListener('keydown', escape);
    return () => {
      window.removeEventListener('pointerdown', away);
      window.removeEventListener('keydown', escape);
    };
  }, [open]);
  return (
    <div className="legend" ref={box}>
      <button
        type="button"
        className="ghost icon-button"
        aria-expanded={open !== null}
        aria-label="What the icons mean"
        title="What the icons mean"
        onClick={(e) => {
          const at = e.currentTarget.getBoundingClientRect();
          setOpen(open ? null : { top: at.bottom + 4, left: Math.max(8, at.right - 320) });
        }}
      >
        <Icon name="help" label={null} />
      </button>
      {open && (
        <div className="legend-popover" role="dialog" aria-label="Legend" style={open}>
          <h4>Status</h4>
          <ul>
            {(Object.keys(STATUS_LABEL) as StepStatus[]).map((s) => (
              <li key={s}>
                <span className={`status-${s}`}>
                  <Icon name={s} label={null} />
                </span>
                {STATUS_LABEL[s]}
              </li>
            ))}
          </ul>
          <h4>Kind of step</h4>
          <ul>
            {(Object.keys(KIND_LABEL) as StepKind[]).map((k) => (
              <li key={k}>
                <span className="muted">
                  <Icon name={k} label={null} />
                </span>
                {KIND_LABEL[k]}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
