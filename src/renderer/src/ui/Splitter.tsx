// A splitter between two panes (the WAI-ARIA window splitter): dragged with
// the pointer, or focused and moved with the arrow keys (Shift: further),
// Home/End to the ends, Enter to collapse or expand the pane it sizes, and a
// double-click back to the default size.
import { useRef } from 'react';

interface Props {
  /** `vertical`: a bar between columns, moved left and right; `horizontal`: between rows. */
  orientation: 'vertical' | 'horizontal';
  label: string;
  /** The id of the pane it sizes. */
  controls?: string;
  /** The pane's size in px, and its bounds. */
  value: number;
  min: number;
  max: number;
  /** -1 when the pane is after the bar (moving the bar right or down shrinks it). */
  sign?: 1 | -1;
  onChange(px: number): void;
  onReset(): void;
  /** Enter: collapse or expand the pane. */
  onToggle?(): void;
}

const STEP = 16;
const BIG_STEP = 64;

export function Splitter({ orientation, label, controls, value, min, max, sign = 1, onChange, onReset, onToggle }: Props): React.JSX.Element {
  const drag = useRef<{ from: number; start: number } | null>(null);
  const along = (e: { clientX: number; clientY: number }): number => (orientation === 'vertical' ? e.clientX : e.clientY);
  const clamp = (px: number): number => Math.round(Math.min(max, Math.max(min, px)));
  const onKeyDown = (e: React.KeyboardEvent): void => {
    const step = e.shiftKey ? BIG_STEP : STEP;
    const [less, more] = orientation === 'vertical' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
    const moves: Record<string, number | undefined> = {
      [less]: clamp(value - sign * step),
      [more]: clamp(value + sign * step),
      Home: min,
      End: max,
    };
    const next = moves[e.key];
    if (next !== undefined) onChange(next);
    else if (e.key === 'Enter' && onToggle) onToggle();
    else return;
    e.preventDefault();
  };
  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-controls={controls}
      aria-valuenow={Math.round(value)}
      aria-valuemin={Math.round(min)}
      aria-valuemax={Math.round(max)}
      title={`${label}: drag, or focus and use the arrow keys; double-click for the default size${onToggle ? '; Enter collapses' : ''}`}
      onKeyDown={onKeyDown}
      onDoubleClick={onReset}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { from: along(e), start: value };
        e.preventDefault();
      }}
      onPointerMove={(e) => {
        if (drag.current) onChange(clamp(drag.current.start + sign * (along(e) - drag.current.from)));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    />
  );
}
