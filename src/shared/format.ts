// Formatting shared by the guide and the UI, so both say the same thing.
import type { AuditAdvisory, MetricValue } from './model';

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `2026-11-24T02:03:04.567Z` -> `2026-11-24 02:03:04 UTC`. */
export function formatTimestamp(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** 1536 -> `1.5 KiB`: binary units, three significant figures at most. */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  // A difference can be negative: scale the magnitude, keep the sign.
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  if (value < 1024) return `${bytes} B`;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // 9.96 KiB reads `10 KiB`, not `10.0 KiB`.
  return `${sign}${value < 9.95 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A metric's value in its unit: `ms` as a duration, `bytes` binary, `count` as is, anything else after the number. */
export function formatMetric(value: number, unit: string): string {
  if (unit === 'ms') return formatDuration(Math.round(value));
  if (unit === 'bytes') return formatBytes(value);
  const number = Number.isInteger(value) ? String(value) : value.toPrecision(4);
  return unit === 'count' || unit === '' ? number : `${number} ${unit}`;
}

/** A relative change as a signed percentage to two places: 0.1 -> `+10%`, 0.1001 -> `+10.01%`. */
export function formatChange(change: number): string {
  const percent = Number((change * 100).toFixed(2));
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}

/** The crate an advisory was found in, as Cargo.lock has it: `time 0.1.45`. */
export function formatAdvisoryCrate(advisory: AuditAdvisory): string {
  return advisory.version ? `${advisory.package} ${advisory.version}` : advisory.package;
}

/** A figure as the guide's and the CLI's tables show it: its value, or why there is none. */
export function formatMetricValue(metric: MetricValue): string {
  if (metric.status === 'measured' && metric.value !== null) return formatMetric(metric.value, metric.unit);
  return `${metric.status === 'failed' ? 'failed' : 'not measured'}${metric.reason ? `: ${metric.reason}` : ''}`;
}
