// The guide's "Tests per binary" table, in both writers: the pair the gates
// judge, flagged binaries, the failing tests under their binary, and why a
// side has no figures.
import { describe, expect, it } from 'vitest';
import type { GuideModel } from '../../src/core/guide/model';
import { htmlWriter } from '../../src/core/guide/render/htmlWriter';
import { markdownWriter } from '../../src/core/guide/render/markdownWriter';
import { metricsSection } from '../../src/core/guide/render/overviewSections';
import type { MeasurementKind, MeasurementRecord, MetricValue, TestBinaryCounts } from '../../src/shared/model';

const bin = (binary: string, passed: number, failed = 0, ignored = 0, failing: string[] = []): TestBinaryCounts => ({ binary, passed, failed, ignored, failing });

function tested(id: number, kind: MeasurementKind, tests: TestBinaryCounts[] | { failed: string }): MeasurementRecord {
  const counted = Array.isArray(tests);
  const metric: MetricValue = counted
    ? { name: 'tests_passed', value: tests.reduce((n, t) => n + t.passed, 0), unit: 'count', status: 'measured', reason: null, samples: [] }
    : { name: 'tests_passed', value: null, unit: 'count', status: 'failed', reason: tests.failed, samples: [] };
  return {
    id, sessionId: 1, kind, label: kind, toolchain: 'rustc 1.95.0', startedAt: '2026-11-24T00:00:00.000Z', endedAt: '2026-11-24T00:01:00.000Z',
    metrics: [metric],
    tests: counted ? tests : [],
  };
}

function section(measurements: MeasurementRecord[], writer = markdownWriter): string {
  const model = { metrics: { measurements, gates: [], comparisons: [], bisections: [] } } as unknown as GuideModel;
  return [...metricsSection(model, writer)].join('');
}

const BASELINE = [bin('unittests src/lib.rs', 5), bin('tests/legacy.rs', 1), bin('Doc-tests photondrift', 0)];
const AFTER = [bin('unittests src/lib.rs', 3, 1, 0, ['after::ratio_is_one']), bin('Doc-tests photondrift', 0), bin('tests/smoke.rs', 1)];

describe('the guide table of tests per binary', () => {
  it('compares the latest baseline with the latest after, binary by binary, in Markdown', () => {
    const md = section([tested(1, 'baseline', [bin('unittests src/lib.rs', 9)]), tested(2, 'baseline', BASELINE), tested(3, 'after', AFTER)]);
    expect(md).toContain(
      [
        '### Tests per binary',
        '',
        'Each count as baseline → after; – where a side has no such binary.',
        '',
        '| Binary | Passed | Failed | Ignored | Change |',
        '| --- | ---: | ---: | ---: | --- |',
        '| `unittests src/lib.rs` | 5 → 3 | 0 → 1 | 0 → 0 | ⚠️ 1 fewer test, 1 failing |',
        '| `tests/legacy.rs` | 1 → – | 0 → – | 0 → – | ⚠️ disappeared (had 1 test) |',
        '| `Doc-tests photondrift` | 0 → 0 | 0 → 0 | 0 → 0 | – |',
        '| `tests/smoke.rs` | – → 1 | – → 0 | – → 0 | new binary, 1 test |',
        '',
        '**Failing tests**',
        '',
        '- `unittests src/lib.rs`: 1 failing in after: `after::ratio_is_one` (new)',
      ].join('\n'),
    );
  });

  it('writes the same table in HTML, the flag as the warning symbol every font has', () => {
    const html = section([tested(1, 'baseline', BASELINE), tested(2, 'after', AFTER)], htmlWriter);
    expect(html).toContain('<h3>Tests per binary</h3>');
    expect(html).toContain(
      '<tr><td><code>tests/legacy.rs</code></td><td class="num">1 → –</td><td class="num">0 → –</td><td class="num">0 → –</td><td><span class="icon warn" title="warn">!</span> disappeared (had 1 test)</td></tr>',
    );
    expect(html).toContain('<li><code>unittests src/lib.rs</code>: 1 failing in after: <code>after::ratio_is_one</code> (new)</li>');
  });

  it('says why a side has no figures, and shows the other side alone', () => {
    const md = section([tested(1, 'baseline', BASELINE), tested(2, 'after', { failed: '`cargo test --no-fail-fast` exited with 101: cannot find value `x`' })]);
    expect(md).toContain('**after**: tests failed to run: `cargo test --no-fail-fast` exited with 101: cannot find value `x`');
    expect(md).toContain('| Binary | Passed | Failed | Ignored |\n| --- | ---: | ---: | ---: |\n| `unittests src/lib.rs` | 5 | 0 | 0 |');
    expect(md).not.toContain('disappeared');
  });

  it('folds a long list of failing tests', () => {
    const names = Array.from({ length: 12 }, (_, i) => `wide::case_${i}`);
    const md = section([tested(1, 'baseline', [bin('tests/wide.rs', 12)]), tested(2, 'after', [bin('tests/wide.rs', 0, 12, 0, names)])]);
    expect(md).toContain('<details><summary><code>tests/wide.rs</code>: 12 failing in after</summary>\n\n- `wide::case_0` (new)\n');
  });

  it('leaves the table out when no measurement counted tests', () => {
    const bare = (id: number, kind: MeasurementKind): MeasurementRecord => ({ ...tested(id, kind, []), metrics: [] });
    expect(section([bare(1, 'baseline'), bare(2, 'after')])).not.toContain('Tests per binary');
  });
});
