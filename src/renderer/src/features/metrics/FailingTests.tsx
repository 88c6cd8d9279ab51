import { newlyFailing, type TestBinaryRow } from '../../../../shared/testBinaryChanges';
import type { TableSide } from './TestBinaryTable';

/** Longer lists start folded: a binary with dozens of failures must not push the table off the page. */
const OPEN_UP_TO = 8;

/** The failing tests of one binary, by name, under each side that has any; in the after, those new since the baseline marked. */
export function FailingTests({ row, sides }: { row: TestBinaryRow; sides: TableSide[] }): React.JSX.Element {
  const lists = sides.length === 2 ? [row.baseline, row.after] : [row.baseline];
  const fresh = new Set(sides.length === 2 ? newlyFailing(row) : []);
  return (
    <>
      {lists.map((counts, i) => {
        const side = sides[i];
        if (!counts?.failing.length || !side) return null;
        return (
          <details key={side.name} className="failing-tests" open={counts.failing.length <= OPEN_UP_TO} data-failing={side.name}>
            <summary className="small">
              {counts.failing.length} failing in {side.name}
            </summary>
            <ul>
              {counts.failing.map((name) => (
                <li key={name}>
                  <code>{name}</code>
                  {i === 1 && fresh.has(name) && <span className="badge new-failure">new</span>}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </>
  );
}
