import type { MeasurementRecord } from '../../../../shared/model';
import { defaultComparison, finished, measurementName, type ComparisonChoice } from '../../../../shared/comparedMeasurements';

/** `rustc 1.95.0 (59807616e 2026-04-14)` as `rustc 1.95.0`: the commit and date make the list wide and say little more. */
const shortToolchain = (toolchain: string): string => toolchain.replace(/ \(.*\)$/, '');

interface Props {
  measurements: MeasurementRecord[];
  /** The pair shown now, as `comparedMeasurements` gave it. */
  compared: MeasurementRecord[];
  onChoose: (choice: ComparisonChoice | null) => void;
}

/**
 * Which two finished measurements the charts and the tests per binary
 * compare. Picking on one side the measurement the other side shows swaps
 * them, so the two never show one measurement against itself.
 */
export function ComparisonPicker({ measurements, compared, onChoose }: Props): React.JSX.Element | null {
  const done = finished(measurements);
  const [from, to] = compared;
  if (done.length < 2 || !from || !to) return null;
  const [byDefaultFrom, byDefaultTo] = defaultComparison(measurements);
  const isDefault = from.id === byDefaultFrom?.id && to.id === byDefaultTo?.id;

  const choose = (side: keyof ComparisonChoice, id: number): void => {
    const next = { from: from.id, to: to.id };
    const other = side === 'from' ? 'to' : 'from';
    if (next[other] === id) next[other] = next[side];
    next[side] = id;
    onChoose(next);
  };
  // Named on their own too: "with" alone would say little to a screen reader.
  const picker = (side: keyof ComparisonChoice, label: string, name: string, value: number): React.JSX.Element => (
    <label className="row">
      {label}
      <select aria-label={name} value={value} onChange={(e) => choose(side, Number(e.target.value))}>
        {done.map((m) => (
          <option key={m.id} value={m.id}>
            {measurementName(m)} · {shortToolchain(m.toolchain)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="card comparison-picker" aria-label="Comparison">
      <div className="row compare-bar">
        {picker('from', 'Compare', 'Compare', from.id)}
        {picker('to', 'with', 'Compare with', to.id)}
        {!isDefault && (
          <button type="button" onClick={() => onChoose(null)}>
            Latest baseline and after
          </button>
        )}
      </div>
      <p className="muted small">
        The charts and the tests per binary below follow this choice; the gates above keep the latest baseline against the
        latest after.
      </p>
    </section>
  );
}
