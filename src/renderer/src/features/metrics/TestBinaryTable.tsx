import { Fragment } from 'react';
import type { TestBinaryCounts } from '../../../../shared/model';
import { changeText, rowFlag, type TestBinaryRow, type TestFigures } from '../../../../shared/testBinaryChanges';
import { FailingTests } from './FailingTests';

/** One compared measurement: its name in the table's head and its figures. */
export interface TableSide {
  name: string;
  figures: TestFigures;
}

const COUNTS = ['passed', 'failed', 'ignored'] as const;

/** A row's counts on each side, in the order of `sides`. */
const countsOf = (row: TestBinaryRow, sides: TableSide[]): (TestBinaryCounts | null)[] => (sides.length === 2 ? [row.baseline, row.after] : [row.baseline]);

export function TestBinaryTable({ sides, rows }: { sides: TableSide[]; rows: TestBinaryRow[] }): React.JSX.Element {
  const compared = sides.length === 2;
  const columns = 1 + 3 * sides.length + (compared ? 1 : 0);
  return (
    <table className="measurement-table test-binary-table">
      <thead>
        <tr>
          <th rowSpan={2}>Binary</th>
          {sides.map((s) => (
            <th key={s.name} colSpan={3} className="side-head side-start">
              {s.name}
            </th>
          ))}
          {compared && <th rowSpan={2}>Change</th>}
        </tr>
        <tr>
          {sides.map((s) =>
            COUNTS.map((count, i) => (
              <th key={`${s.name} ${count}`} className={i === 0 ? 'num side-start' : 'num'}>
                {count}
              </th>
            )),
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const flag = rowFlag(row);
          const counts = countsOf(row, sides);
          return (
            <Fragment key={row.label}>
              <tr data-binary={row.label} data-change={row.change ?? undefined} className={flag ? `flag-${flag}` : undefined}>
                <td>
                  <code>{row.label}</code>
                </td>
                {counts.map((c, i) => (
                  <Counts key={sides[i]?.name} counts={c} />
                ))}
                {compared && <td className={`change-cell${flag ? ` change-${flag}` : ''}`}>{changeText(row) || <span className="muted">—</span>}</td>}
              </tr>
              {counts.some((c) => c?.failing.length) && (
                <tr className="failing-row">
                  <td colSpan={columns}>
                    <FailingTests row={row} sides={sides} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** A side's three counts; a binary this side does not have is a dash in each. */
function Counts({ counts }: { counts: TestBinaryCounts | null }): React.JSX.Element {
  return (
    <>
      {COUNTS.map((count, i) => (
        <td key={count} className={`num${i === 0 ? ' side-start' : ''}${counts && count === 'failed' && counts.failed > 0 ? ' bad-count' : ''}${counts ? '' : ' muted'}`}>
          {counts ? counts[count] : '—'}
        </td>
      ))}
    </>
  );
}
