// Golden files for exported guides: what changes from run to run (times,
// durations, sizes, snapshot ids, the rustc build, the machine's rustup
// inventory, its distribution and kernel) is replaced by a placeholder;
// everything else must match.
// `UPDATE_GOLDEN=1 npx vitest run <test>` writes the files anew.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { escapeHtml } from '../../src/core/guide/render/htmlWriter';
import { escapeMarkdown } from '../../src/core/guide/render/markdownWriter';
import { readHostSystem } from '../../src/core/platform/hostSystem';
import type { GuideFormat } from '../../src/shared/guide';

const GOLDEN_DIR = join(__dirname, '../fixtures/guide');

const TEXT_RULES: [RegExp, string][] = [
  [/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '<time>'],
  [/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/g, '<time>'],
  [/^date: \d{4}-\d\d-\d\d$/gm, 'date: <date>'],
  [/\b\d+ min \d+ s(?![A-Za-z])/g, '<duration>'],
  [/\b\d+(?:\.\d+)? (?:ms|s)(?![A-Za-z])/g, '<duration>'],
  [/\bin \d+(?:\.\d+)?s\b/g, 'in <duration>'],
  [/\b\d+(?:\.\d+)? (?:B|KiB|MiB|GiB)\b/g, '<size>'],
  [/\([+-]?\d+(?:\.\d+)?%\)/g, '(<change>)'],
  [/refs\/stepwise\/snapshots\/[A-Za-z0-9._-]+/g, 'refs/stepwise/snapshots/<id>'],
  [/rustc \d+\.\d+\.\d+(?:-\w+)? \([0-9a-f]+ \d{4}-\d\d-\d\d\)/g, 'rustc <version>'],
  // The machine's rustup inventory (Markdown and HTML table rows).
  [/^\| (Installed|Components|Targets) \|.*\|$/gm, '| $1 | <list> | <list> |'],
  [/<tr><td>(Installed|Components|Targets)<\/td>.*<\/tr>$/gm, '<tr><td>$1</td><list></tr>'],
  // Chart geometry follows the measured values; the chart's title and place stay.
  [/(<svg[^>]*aria-label="[^"]*"[^>]*>)[\s\S]*?<\/svg>/g, '$1…</svg>'],
];

/** Numbers whose value depends on timing or the machine, in the JSON record. */
const JSON_VOLATILE = /^(?:durationMs|commandMs|timeSpentMs|bytes|samples|change|value|baseline|after)$/;

/**
 * The session recorded the system the test ran on: its distribution's name and
 * its kernel release (as written in each format) become placeholders.
 */
function machineRules(): [string, string][] {
  const { name, release } = readHostSystem();
  const forms = (value: string): string[] => [...new Set([value, escapeHtml(value), escapeMarkdown(value), JSON.stringify(value).slice(1, -1)])];
  return [
    ...(name ? forms(name).map((form): [string, string] => [form, '<os-name>']) : []),
    ...forms(release).map((form): [string, string] => [form, '<os-release>']),
  ];
}

export function normaliseGuide(text: string, format: GuideFormat): string {
  let out = text;
  if (format === 'json') {
    out = `${JSON.stringify(maskJson(JSON.parse(text) as unknown), null, 2)}\n`;
  }
  for (const [value, to] of machineRules()) out = out.split(value).join(to);
  for (const [re, to] of TEXT_RULES) out = out.replace(re, to);
  return out;
}

function maskJson(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    if (/^(?:installed|components|targets)$/.test(key)) return '<list>';
    return value.map((v) => maskJson(v, key));
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Counts of tests and issues are exact; only a metric in ms or bytes varies.
    const volatileMetric = typeof record.unit === 'string' ? record.unit === 'ms' || record.unit === 'bytes' : true;
    return Object.fromEntries(
      Object.entries(record).map(([k, v]) => {
        const numeric = typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'number'));
        if (numeric && JSON_VOLATILE.test(k) && (k !== 'value' || volatileMetric)) return [k, '<n>'];
        if (k === 'storeId') return [k, '<id>'];
        return [k, maskJson(v, k)];
      }),
    );
  }
  return value;
}

/** `actual` against the golden file `name` in `dir` (default: the guide's); written when missing or with UPDATE_GOLDEN. */
export function expectGolden(name: string, actual: string, dir = GOLDEN_DIR): void {
  const file = join(dir, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    writeFileSync(file, actual);
    if (!process.env.UPDATE_GOLDEN) throw new Error(`wrote the missing golden file ${file}: check it, then run again`);
    return;
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
