// The guide's "Tests per binary": the pair the gates judge (the latest
// baseline and after), binary by binary, flagged as the metrics page flags
// them, with the failing tests named under their binary.
import { latestMeasurement, metricOf } from '../../../shared/measurements';
import type { MeasurementRecord, TestBinaryCounts } from '../../../shared/model';
import {
  changeText,
  compareTestBinaries,
  NO_BINARY_IN_COMMON,
  newlyFailing,
  noBinaryInCommon,
  rowFlag,
  testFigures,
  type TestBinaryRow,
} from '../../../shared/testBinaryChanges';
import { codeSpans, type BlockWriter, type Line } from './blocks';
import { measurementTitle } from './words';

/** Longer lists are folded: a binary with dozens of failures must not bury the rest of the section. */
const LIST_UP_TO = 10;
const COUNTS = ['passed', 'failed', 'ignored'] as const;

export function* testBinariesTable(measurements: MeasurementRecord[], w: BlockWriter): Generator<string> {
  const sides = [latestMeasurement(measurements, 'baseline'), latestMeasurement(measurements, 'after')].filter((m): m is MeasurementRecord => m !== null);
  // Measurements that never tried to count tests (made by hand, or only the build asked for) have nothing to show.
  if (!sides.some((m) => metricOf(m, 'tests_passed'))) return;
  yield w.heading(3, ['Tests per binary']);
  const binaries = sides.map((m) => {
    const figures = testFigures(m);
    return figures.measured ? figures.binaries : null;
  });
  for (const m of sides) {
    const figures = testFigures(m);
    if (figures.measured && figures.binaries.length) continue;
    const why: Line = figures.measured ? ['the tests ran, but no test binary reported counts in the output.'] : [`tests ${figures.failed ? 'failed to run' : 'not measured'}: `, ...codeSpans(figures.reason)];
    yield w.paragraph([{ strong: [measurementTitle(m)] }, ': ', ...why]);
  }
  const [first = null, second = null] = binaries;
  const rows = compareTestBinaries(first, second);
  if (!rows.length) return;
  if (noBinaryInCommon(rows)) yield w.note([NO_BINARY_IN_COMMON]);
  const compared = first !== null && second !== null;
  if (compared) yield w.paragraph([`Each count as ${sides.map(measurementTitle).join(' → ')}; – where a side has no such binary.`]);
  const count = (c: TestBinaryCounts | null, k: (typeof COUNTS)[number]): string => (c ? String(c[k]) : '–');
  const cells = (r: TestBinaryRow): Line[] =>
    COUNTS.map((k): Line => [compared ? `${count(r.baseline, k)} → ${count(r.after, k)}` : count(r.baseline ?? r.after, k)]);
  yield w.table(
    ['Binary', 'Passed', 'Failed', 'Ignored', ...(compared ? ['Change'] : [])],
    rows.map((r) => [[{ code: r.label }], ...cells(r), ...(compared ? [changeCell(r)] : [])]),
    ['left', 'right', 'right', 'right', 'left'],
  );
  yield* failingTests(rows, sides, compared, w);
}

function changeCell(row: TestBinaryRow): Line {
  const text = changeText(row);
  if (!text) return ['–'];
  return [rowFlag(row) === 'bad' ? `⚠️ ${text}` : text];
}

/** Under each binary with failures, its failing tests by name; in the after, those new since the baseline marked. */
function* failingTests(rows: TestBinaryRow[], sides: MeasurementRecord[], compared: boolean, w: BlockWriter): Generator<string> {
  const lists = rows.flatMap((row) => {
    const fresh = new Set(compared ? newlyFailing(row) : []);
    return [row.baseline, compared ? row.after : null].flatMap((counts, i) => {
      const side = sides[i];
      if (!counts?.failing.length || !side) return [];
      const names = counts.failing.map((name): Line => [{ code: name }, ...(i === 1 && fresh.has(name) ? [' (new)'] : [])]);
      return [{ head: [{ code: row.label }, `: ${counts.failing.length} failing in ${measurementTitle(side)}`] as Line, names }];
    });
  });
  if (!lists.length) return;
  yield w.paragraph([{ strong: ['Failing tests'] }]);
  const short = lists.filter((l) => l.names.length <= LIST_UP_TO);
  yield w.list(short.map((l) => [...l.head, ': ', ...l.names.flatMap((name, i): Line => [...(i ? [', '] : []), ...name])]));
  for (const l of lists.filter((x) => x.names.length > LIST_UP_TO)) yield w.details(l.head, w.list(l.names));
}
