/** A plain-text table: columns padded to their widest cell, and a rule under the header unless `rule` is false. */
export function formatTable(header: string[], rows: string[][], { rule = true } = {}): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...(rule ? [line(widths.map((w) => '-'.repeat(w)))] : []), ...rows.map(line)].join('\n');
}
