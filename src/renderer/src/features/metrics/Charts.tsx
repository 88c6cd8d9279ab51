import { formatBytes, formatDuration, formatMetric } from '../../../../shared/format';
import { METRIC_LABELS, METRIC_NAMES, metricOf } from '../../../../shared/measurements';
import type { MeasurementRecord, MetricName } from '../../../../shared/model';
import { barChartSvg, trendChartSvg, type BarGroup } from '../../../../shared/svgCharts';
import { finished, measurementName } from '../../../../shared/comparedMeasurements';

/** Our own SVG (svgCharts escapes every text it draws), inlined as the HTML guide does. */
function Svg({ svg, label }: { svg: string; label: string }): React.JSX.Element {
  return <div className="chart" role="figure" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
}

const valueOf = (m: MeasurementRecord, name: MetricName): number | null => {
  const metric = metricOf(m, name);
  return metric?.status === 'measured' ? metric.value : null;
};

/** Bars for the two compared measurements (`sides`, as chosen on the page), trends for every finished one. */
export function Charts({ measurements, sides }: { measurements: MeasurementRecord[]; sides: MeasurementRecord[] }): React.JSX.Element {
  const series = sides.map(measurementName);
  const group = (label: string, name: MetricName): BarGroup => ({ label, values: sides.map((m) => valueOf(m, name)) });
  const parts = [...new Set(sides.flatMap((m) => metricOf(m, 'artifact_bytes')?.parts?.map((p) => p.label) ?? []))];
  const partGroups: BarGroup[] = parts.map((label) => ({
    label: label.split('/').pop() ?? label,
    values: sides.map((m) => metricOf(m, 'artifact_bytes')?.parts?.find((p) => p.label === label)?.value ?? null),
  }));
  const bars = [
    { title: 'Build time', groups: [group('release build', 'build_time_ms'), group('cargo check', 'check_time_ms')], format: (v: number) => formatDuration(Math.round(v)) },
    {
      title: 'Sizes',
      groups: [group('release artifacts', 'artifact_bytes'), ...(parts.length > 1 ? partGroups : []), group('container image', 'image_bytes')],
      format: formatBytes,
    },
    {
      title: 'Tests',
      groups: [group('passed', 'tests_passed'), group('failed', 'tests_failed'), group('ignored', 'tests_ignored')],
      format: (v: number) => String(v),
    },
  ];

  const points = finished(measurements);
  const trends = METRIC_NAMES.map((name) => {
    const values = points.map((m) => ({ m, metric: metricOf(m, name) }));
    const unit = values.find((v) => v.metric?.status === 'measured')?.metric?.unit ?? null;
    const reason = values.map((v) => v.metric?.reason).filter(Boolean).at(-1) ?? 'not measured';
    return { name, unit, reason, points: values.map(({ m, metric }) => ({ label: `#${m.id}`, value: metric?.status === 'measured' ? metric.value : null })) };
  });
  const measured = trends.filter((t) => t.unit !== null);
  const never = trends.filter((t) => t.unit === null);

  return (
    <>
      <section className="card" aria-label="Before and after">
        <h3>Before and after</h3>
        {sides.length < 2 && <p className="muted small">Only one finished measurement so far: the bars compare once there are two.</p>}
        <div className="chart-row">
          {bars.map((chart) => (
            <Svg key={chart.title} label={chart.title} svg={barChartSvg({ ...chart, series }, 440)} />
          ))}
        </div>
      </section>
      <section className="card" aria-label="Trends">
        <h3>Trends across the session</h3>
        <div className="chart-row">
          {measured.map((t) => (
            <Svg
              key={t.name}
              label={`${METRIC_LABELS[t.name]} trend`}
              svg={trendChartSvg({ title: METRIC_LABELS[t.name], points: t.points, format: (v) => formatMetric(v, t.unit ?? '') }, 440, 130)}
            />
          ))}
        </div>
        {never.length > 0 && (
          <ul className="never-measured small">
            {never.map((t) => (
              <li key={t.name}>
                <strong>{METRIC_LABELS[t.name]}</strong>: never measured <span className="muted">({t.reason})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
