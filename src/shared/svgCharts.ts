// Charts as self-contained SVG strings: the metrics page and the HTML guide
// draw the same picture from the same code, and the guide's file needs no
// script, stylesheet or network request to show it. Styles are attributes.
// Text and axes are drawn in currentColor, so an inlined chart takes the
// colour of the page around it: dark text on the guide's light page, light
// text on the app's dark theme.

export interface BarGroup {
  /** E.g. `build time`. */
  label: string;
  /** One value per series, in the order of `series`; null: not measured. */
  values: (number | null)[];
}

export interface BarChart {
  title: string;
  /** E.g. `baseline`, `after`. */
  series: string[];
  groups: BarGroup[];
  /** Formats a value for its label, e.g. `12.3 s`. */
  format: (value: number) => string;
}

export interface TrendPoint {
  /** E.g. the measurement's label or time. */
  label: string;
  value: number | null;
}

export interface TrendChart {
  title: string;
  points: TrendPoint[];
  format: (value: number) => string;
}

/** Colour-blind-safe pair (Okabe-Ito), then more of the same palette. */
export const SERIES_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'];

const FONT = 'font-family="system-ui, sans-serif" font-size="11"';
/** Labels: the surrounding text colour, a little muted. */
const TEXT = 'fill="currentColor" fill-opacity="0.75"';

/** Horizontal grouped bars: one row per group, one bar per series. */
export function barChartSvg(chart: BarChart, width = 480): string {
  const barHeight = 14;
  const gap = 4;
  const labelWidth = 120;
  const valueWidth = 80;
  const top = 24;
  const groupHeight = chart.series.length * (barHeight + gap) + 10;
  const legendY = top + chart.groups.length * groupHeight + 6;
  const height = legendY + 16;
  const plotWidth = width - labelWidth - valueWidth;
  const parts: string[] = [title(chart.title)];

  chart.groups.forEach((group, g) => {
    const max = Math.max(0, ...group.values.map((v) => v ?? 0));
    const y0 = top + g * groupHeight;
    parts.push(text(0, y0 + barHeight - 2, group.label, 'start'));
    group.values.forEach((value, s) => {
      const y = y0 + s * (barHeight + gap);
      if (value === null) {
        parts.push(text(labelWidth, y + barHeight - 3, 'not measured', 'start', 'italic'));
        return;
      }
      // Each group has its own scale: build seconds and byte counts share a chart.
      const w = max > 0 ? Math.max(1, (value / max) * plotWidth) : 1;
      parts.push(
        `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" rx="2" fill="${colour(s)}"><title>${escapeXml(`${chart.series[s]}: ${chart.format(value)}`)}</title></rect>`,
      );
      parts.push(text(labelWidth + w + 4, y + barHeight - 3, chart.format(value), 'start'));
    });
  });
  parts.push(legend(chart.series, legendY));
  return svg(width, height, chart.title, parts);
}

/** A line through a metric's values across measurements, in order. */
export function trendChartSvg(chart: TrendChart, width = 480, height = 140): string {
  const left = 70;
  const right = 12;
  const top = 24;
  const bottom = 28;
  const measured = chart.points.filter((p): p is TrendPoint & { value: number } => p.value !== null);
  const parts: string[] = [title(chart.title)];
  if (measured.length === 0) {
    parts.push(text(width / 2, height / 2, 'not measured yet', 'middle', 'italic'));
    return svg(width, height, chart.title, parts);
  }
  const values = measured.map((p) => p.value);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) {
    low = low === 0 ? 0 : low * 0.9;
    high = high === 0 ? 1 : high * 1.1;
  }
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const step = chart.points.length > 1 ? plotW / (chart.points.length - 1) : 0;
  const x = (i: number): number => left + (chart.points.length > 1 ? i * step : plotW / 2);
  const y = (v: number): number => top + plotH - ((v - low) / (high - low)) * plotH;

  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="currentColor" stroke-opacity="0.3"/>`);
  parts.push(text(left - 6, top + 8, chart.format(high), 'end'));
  parts.push(text(left - 6, top + plotH, chart.format(low), 'end'));
  const path = chart.points
    .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter((p): p is string => p !== null)
    .join(' ');
  parts.push(`<polyline points="${path}" fill="none" stroke="${colour(0)}" stroke-width="2"/>`);
  chart.points.forEach((p, i) => {
    if (p.value !== null) {
      parts.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3" fill="${colour(0)}"><title>${escapeXml(`${p.label}: ${chart.format(p.value)}`)}</title></circle>`,
      );
    }
    parts.push(text(x(i), height - 10, p.label, 'middle'));
  });
  return svg(width, height, chart.title, parts);
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const colour = (series: number): string => SERIES_COLOURS[series % SERIES_COLOURS.length] as string;

function svg(width: number, height: number, label: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

function title(s: string): string {
  return `<text x="0" y="14" font-family="system-ui, sans-serif" font-size="13" font-weight="600" fill="currentColor">${escapeXml(s)}</text>`;
}

function text(x: number, y: number, s: string, anchor: 'start' | 'middle' | 'end', style = 'normal'): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${FONT} font-style="${style}" ${TEXT} text-anchor="${anchor}">${escapeXml(s)}</text>`;
}

function legend(series: string[], y: number): string {
  return series
    .map((name, s) => {
      const x = s * 110;
      return `<rect x="${x}" y="${y}" width="10" height="10" fill="${colour(s)}"/>${text(x + 14, y + 9, name, 'start')}`;
    })
    .join('');
}
