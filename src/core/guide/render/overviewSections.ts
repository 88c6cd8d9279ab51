// The guide's short sections: summary, environment, metrics against gates.
import { comparisonOutcome } from '../../../shared/words/comparisonOutcome';
import { GUIDE_SECTION_TITLES } from '../../../shared/guide';
import type { GateResult, MeasurementRecord, MetricName, MetricValue, ToolchainCheck, ToolchainComparison, ToolchainState } from '../../../shared/model';
import { barChartSvg, trendChartSvg } from '../../../shared/svgCharts';
import { formatAdvisoryCrate, formatMetric, formatMetricValue } from '../../../shared/format';
import { latestMeasurement, METRIC_LABELS, metricOf } from '../../../shared/measurements';
import { describeHostSystem } from '../../platform/hostSystem';
import { findingBy } from '../../../shared/words/integrityFindings';
import type { GuideModel, ToolchainSummary } from '../model';
import { codeSpans, type BlockWriter, type Line } from './blocks';
import { bisectionTables } from './bisectionSection';
import { testBinariesTable } from './testBinariesSection';
import { formatDuration, GATE_ICON, issueCountsText, measurementTitle, stepCountsText, STEP_ICON, versionsLine, when } from './words';

export function* summarySection(model: GuideModel, w: BlockWriter): Generator<string> {
  const { session, plan, outcome, counts, versions } = model;
  const icon = outcome.status === 'completed' ? STEP_ICON.passed : outcome.status === 'not-started' ? STEP_ICON.pending : STEP_ICON.running;
  yield w.heading(2, [GUIDE_SECTION_TITLES.summary], 'summary');
  yield w.table(
    ['', ''],
    [
      [['From'], [versionsLine(versions.fromRust, versions.fromWasmtime)]],
      [['To'], [versionsLine(versions.toRust, versions.toWasmtime)]],
      [['Plan'], [plan.title, ` (${plan.origin === 'builtin' ? 'built in, fitted to this project' : `${plan.origin}${plan.source ? `, from ${plan.source}` : ''}`})`]],
      [['Started'], [when(session.startedAt)]],
      [['Last activity'], [when(session.lastActivity)]],
      [['Duration'], [`${formatDuration(session.durationMs)} (commands ran for ${formatDuration(session.commandMs)})`]],
      [['Outcome'], [`${icon} ${outcome.text}`]],
      [['Steps'], [stepCountsText(model)]],
      [['Commands run'], [`${counts.runs.toLocaleString('en')}${counts.failedRuns ? ` (${counts.failedRuns.toLocaleString('en')} failed)` : ''}`]],
      [['Issues'], [issueCountsText(counts.issues)]],
    ],
  );
}

export function* environmentSection(model: GuideModel, w: BlockWriter): Generator<string> {
  const { environment: env } = model;
  yield w.heading(2, [GUIDE_SECTION_TITLES.environment], 'environment');
  yield w.paragraph([{ strong: ['Operating system: '] }, operatingSystemText(env)]);
  if (!env.before && !env.after) {
    yield w.paragraph(['No toolchain was recorded in this session: snapshots and measurements record the toolchain they were taken under.']);
    return;
  }
  const row = (label: string, get: (t: ToolchainSummary) => Line): Line[] => [[label], env.before ? get(env.before) : ['–'], env.after ? get(env.after) : ['–']];
  const list = (pick: (s: ToolchainState) => string[]) => (t: ToolchainSummary): Line =>
    t.state ? [pick(t.state).join(', ') || 'none'] : ['not recorded'];
  yield w.table(
    ['', 'Before', 'After'],
    [
      row('Toolchain', (t) => (t.active ? [{ code: t.active }] : ['not recorded'])),
      row('rustc', (t) => (t.rustc ? [{ code: t.rustc }] : ['not measured'])),
      row('Default', (t) => (t.state?.defaultToolchain ? [{ code: t.state.defaultToolchain }] : ['not recorded'])),
      row('Installed', list((s) => s.installed)),
      row('Components', list((s) => s.components)),
      row('Targets', list((s) => s.targets)),
      row('Toolchain file', (t) => (t.state?.toolchainFile ? [{ code: t.state.toolchainFile.path }] : [t.state ? 'none' : 'not recorded'])),
      row('Recorded by', (t) => [t.source]),
    ],
  );
  for (const [label, t] of [['before', env.before], ['after', env.after]] as const) {
    if (t?.state?.toolchainFile) yield w.details([`Toolchain file ${label}: `, { code: t.state.toolchainFile.path }], w.code(t.state.toolchainFile.content, 'toml'));
    if (t?.state?.error) yield w.note([`Toolchain ${label}: ${t.state.error}`]);
  }
}

/**
 * What the session recorded as it started, with the toolchains' host; for a
 * session from before that was recorded, what the toolchain names tell.
 */
function operatingSystemText(env: GuideModel['environment']): string {
  const host = env.host ? `toolchain host ${env.host}` : null;
  if (env.system) return [describeHostSystem(env.system), host].filter(Boolean).join('; ');
  if (env.os) return `${env.os}, host ${env.host}`;
  return 'not recorded (this session started before Stepwise recorded it, and no snapshot recorded a toolchain name)';
}

export function* metricsSection(model: GuideModel, w: BlockWriter): Generator<string> {
  const { measurements, gates, comparisons } = model.metrics;
  yield w.heading(2, [GUIDE_SECTION_TITLES.metrics], 'metrics');
  if (measurements.length === 0) yield w.paragraph(['No measurements were journaled in this session, so no gate could be judged.']);
  if (gates.length) {
    yield w.table(
      ['Gate', 'Rule', 'Verdict', 'Measured'],
      gates.map((g) => [[g.title], [g.rule], gateVerdict(g), [g.detail]]),
    );
  }
  yield* integrityFindings(gates, w);
  yield* measurementTable(measurements, w);
  yield* testBinariesTable(measurements, w);
  yield* charts(measurements, w);
  yield* comparisonTables(comparisons, w);
  yield* bisectionTables(model.metrics.bisections, w);
}

/** `❌ fail`, and for the vulnerabilities gate the advisories that failed it, each as code. */
function gateVerdict(gate: GateResult): Line {
  const added = gate.newAdvisories ?? [];
  if (!added.length) return [GATE_ICON[gate.verdict]];
  return [GATE_ICON[gate.verdict], ': new ', ...added.flatMap((a, i): Line => [i ? ', ' : '', { code: a.id }, ` (${formatAdvisoryCrate(a)})`])];
}

/** What failed the test integrity gate: each relaxation with its file and line, and the step that made it. */
function* integrityFindings(gates: GateResult[], w: BlockWriter): Generator<string> {
  for (const gate of gates) {
    if (!gate.findings?.length) continue;
    yield w.paragraph([`${gate.title} failed on what the after relaxed since the baseline:`]);
    yield w.list(
      gate.findings.map((f): Line => [
        { code: `${f.file}${f.line ? `:${f.line}` : ''}` },
        ' ',
        ...codeSpans(f.what),
        `: ${findingBy(f)}`,
      ]),
    );
  }
}

function* comparisonTables(comparisons: ToolchainComparison[], w: BlockWriter): Generator<string> {
  if (!comparisons.length) return;
  yield w.heading(3, ['Old against new toolchain']);
  for (const c of comparisons) {
    const side = (get: (check: ToolchainCheck) => Line): Line[] => [get(c.old), get(c.new)];
    yield w.paragraph([{ code: `cargo ${c.args}` }, ` on ${when(c.createdAt)}: ${comparisonOutcome(c.old, c.new)} ${c.common} problems reported by both.`]);
    yield w.table(
      ['', `+${c.old.toolchain}`, `+${c.new.toolchain}`],
      [
        [['Version'], ...side((k) => [k.version ?? 'did not answer'])],
        [['Exit'], ...side((k) => [k.exitCode === null ? '–' : String(k.exitCode)])],
        [['Time'], ...side((k) => [k.durationMs === null ? '–' : formatDuration(k.durationMs)])],
        [['Errors, warnings'], ...side((k) => [`${k.errors}, ${k.warnings}`])],
        [['Only here'], ...side((k) => (k.only.length ? k.only.flatMap((d, i): Line => [i ? '; ' : '', ...(d.code ? [{ code: d.code }, ' '] : []), d.message]) : ['none']))],
      ],
    );
  }
}

/** One column per measurement, one row per figure: a session has few measurements and many figures. */
function* measurementTable(measurements: MeasurementRecord[], w: BlockWriter): Generator<string> {
  if (!measurements.length) return;
  yield w.heading(3, ['Measurements']);
  const names = [...new Set(measurements.flatMap((m) => m.metrics.map((v) => v.name)))];
  const cell = (m: MeasurementRecord, name: MetricName): Line => {
    const v = metricOf(m, name);
    return [v ? formatMetricValue(v) : '–'];
  };
  yield w.table(
    ['', ...measurements.map(measurementTitle)],
    [
      [['Toolchain'], ...measurements.map((m): Line => [{ code: m.toolchain }])],
      [['Taken'], ...measurements.map((m): Line => [when(m.startedAt)])],
      ...names.map((n) => [[METRIC_LABELS[n]], ...measurements.map((m) => cell(m, n))]),
    ],
  );
}

/** Narrow enough for two charts side by side on a page. */
const CHART_WIDTH = 420;

function unitOf(m: MeasurementRecord | null | undefined, name: MetricName): string {
  return (m && metricOf(m, name)?.unit) ?? '';
}

function* charts(measurements: MeasurementRecord[], w: BlockWriter): Generator<string> {
  // The same pair the gates judge: the latest finished baseline and after.
  const baseline = latestMeasurement(measurements, 'baseline');
  const after = latestMeasurement(measurements, 'after');
  const value = (m: MeasurementRecord | null | undefined, name: MetricName): MetricValue | null => (m ? metricOf(m, name) : null);
  if (baseline && after) {
    const measured = (m: MeasurementRecord, n: MetricName): boolean => value(m, n)?.status === 'measured';
    const names = (['build_time_ms', 'check_time_ms', 'artifact_bytes', 'image_bytes', 'tests_passed', 'runtime'] as MetricName[]).filter(
      (n) => measured(baseline, n) || measured(after, n),
    );
    // One chart per figure: each has its own unit.
    for (const name of names) {
      yield w.figure(
        barChartSvg({
          title: `${METRIC_LABELS[name]}: baseline and after`,
          series: ['baseline', 'after'],
          groups: [{ label: METRIC_LABELS[name], values: [value(baseline, name)?.value ?? null, value(after, name)?.value ?? null] }],
          format: (v) => formatMetric(v, unitOf(baseline, name)),
        }, CHART_WIDTH),
      );
    }
  }
  if (measurements.length < 2) return;
  for (const name of ['build_time_ms', 'tests_passed', 'artifact_bytes'] as MetricName[]) {
    if (!measurements.some((m) => value(m, name)?.status === 'measured')) continue;
    yield w.figure(
      trendChartSvg({
        title: `${METRIC_LABELS[name]} across the session`,
        points: measurements.map((m) => ({ label: m.label, value: value(m, name)?.value ?? null })),
        format: (v) => formatMetric(v, unitOf(measurements.find((m) => value(m, name)), name)),
      }, CHART_WIDTH),
    );
  }
}
