import { describe, expect, it } from 'vitest';
import { barChartSvg, trendChartSvg } from '../../src/shared/svgCharts';

const seconds = (v: number): string => `${(v / 1000).toFixed(1)} s`;

describe('svgCharts', () => {
  it('draws one bar per measured value, scaled within its group, and says what was not measured', () => {
    const svg = barChartSvg({
      title: 'Before and after',
      series: ['baseline', 'after'],
      groups: [
        { label: 'build time', values: [10_000, 5_000] },
        { label: 'image size', values: [300, null] },
      ],
      format: seconds,
    });
    expect(svg.match(/<rect [^>]*rx="2"/g)).toHaveLength(3);
    const widths = [...svg.matchAll(/<rect x="120" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.5, 2);
    expect(svg).toContain('not measured');
    expect(svg).toContain('10.0 s');
  });

  it('escapes labels so a title cannot inject markup', () => {
    const svg = barChartSvg({ title: '<script>x</script>', series: ['a&b'], groups: [], format: String });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('a&amp;b');
  });

  it('draws a trend through measured points and skips the unmeasured ones', () => {
    const svg = trendChartSvg({
      title: 'build time',
      points: [
        { label: 'baseline', value: 2000 },
        { label: 'm2', value: null },
        { label: 'after', value: 1000 },
      ],
      format: seconds,
    });
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg).toMatch(/<polyline points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"/);
    expect(trendChartSvg({ title: 't', points: [], format: String })).toContain('not measured yet');
  });
});
