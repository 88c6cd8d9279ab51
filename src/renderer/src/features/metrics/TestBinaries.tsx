import type { MeasurementRecord } from '../../../../shared/model';
import { compareTestBinaries, NO_BINARY_IN_COMMON, noBinaryInCommon, testFigures } from '../../../../shared/testBinaryChanges';
import { measurementName } from '../../../../shared/comparedMeasurements';
import { TestBinaryTable, type TableSide } from './TestBinaryTable';

/** Passed, failed and ignored per test binary in the compared measurements: where a test count went up or down. */
export function TestBinaries({ compared }: { compared: MeasurementRecord[] }): React.JSX.Element | null {
  const sides: TableSide[] = compared.map((m) => ({ name: measurementName(m), figures: testFigures(m) }));
  if (sides.length === 0) return null;
  // A side without figures is said above the table, not drawn as a column of dashes.
  const counted = sides.filter((s) => s.figures.measured);
  const binaries = counted.map((s) => (s.figures.measured ? s.figures.binaries : []));
  const rows = compareTestBinaries(binaries[0] ?? null, binaries[1] ?? null);

  return (
    <section className="card test-binaries" aria-label="Tests per binary">
      <h3>Tests per binary</h3>
      <p className="muted small">
        {sides.map((s) => s.name).join(' against ')}: each test binary cargo ran, so a test count that dropped shows where
        it dropped.
      </p>
      {sides.map((s) => (
        <SideState key={s.name} side={s} />
      ))}
      {noBinaryInCommon(rows) && <p className="warn-text small">{NO_BINARY_IN_COMMON}</p>}
      {rows.length > 0 && <TestBinaryTable sides={counted} rows={rows} />}
    </section>
  );
}

/** Why a side has no rows: its tests were not measured (the reason), or no binary reported counts. */
function SideState({ side }: { side: TableSide }): React.JSX.Element | null {
  const { figures } = side;
  if (figures.measured && figures.binaries.length > 0) return null;
  return (
    <p className={`small test-binaries-empty ${!figures.measured && figures.failed ? 'warn-text' : 'muted'}`} data-empty={side.name}>
      <strong>{side.name}</strong>:{' '}
      {figures.measured
        ? 'the tests ran, but no test binary reported counts in the output.'
        : `tests ${figures.failed ? 'failed to run' : 'not measured'}: ${figures.reason}`}
    </p>
  );
}
