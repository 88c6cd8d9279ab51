import { parseArgs } from 'node:util';
import { scanProject } from '../../core/scanner';
import type { Pin, ScanReport } from '../../shared/scan';
import { CliError } from '../cliError';
import { projectFolder } from '../projectFolder';

const SCAN_USAGE = 'stepwise scan <dir> [--json] [--no-toolchain]';

export async function scanCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, 'no-toolchain': { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new CliError(`scan needs one project directory: ${SCAN_USAGE}`);
  const dir = await projectFolder(positionals[0], 'scan');

  const report = await scanProject(dir, { toolchain: !values['no-toolchain'] });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    process.stdout.write(formatScanReport(report, { color }));
  }
  return 0;
}

/** The human report: pins grouped by file, the conflicts, the toolchain. */
export function formatScanReport(report: ScanReport, { color = false }: { color?: boolean } = {}): string {
  const paint = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const bold = paint('1');
  const dim = paint('2');
  const red = paint('1;31');
  const out: string[] = [];
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

  out.push(
    bold(`Scanned ${report.root}`) +
      ` (${count(report.filesScanned, 'file')}, ${count(report.pins.length, 'pin')}, ${count(report.conflicts.length, 'conflict')}, ${report.durationMs} ms)`,
  );

  const where = (pin: Pin) => `${pin.file}:${pin.line}:${pin.column}`;
  const whereWidth = Math.max(0, ...report.pins.map((pin) => where(pin).length));
  const kindWidth = Math.max(0, ...report.pins.map((pin) => pin.kind.length));
  let file: string | null = null;
  for (const pin of report.pins) {
    if (pin.file !== file) {
      out.push('');
      file = pin.file;
    }
    out.push(`${where(pin).padEnd(whereWidth)}  ${pin.kind.padEnd(kindWidth)}  ${pin.text}`);
  }
  if (report.pins.length === 0) out.push('', dim('No toolchain or dependency pins found.'));
  if (report.unreadable.length > 0) {
    out.push('', red(`Could not read (${report.unreadable.length}): their pins are missing above`));
    for (const item of report.unreadable) out.push(red('  ! ') + item);
  }

  out.push('');
  if (report.conflicts.length === 0) {
    out.push(bold('Conflicts: none'));
  } else {
    out.push(red(`Conflicts (${report.conflicts.length})`));
    for (const conflict of report.conflicts) out.push(red(`  ✗ ${conflict.subject}: `) + conflict.message);
  }

  out.push('', bold('Toolchain'));
  const { toolchain } = report;
  if (!toolchain) {
    out.push(dim('  not probed (--no-toolchain)'));
  } else {
    const list = (items: string[]) => (items.length ? items.join(', ') : dim('none found'));
    const rows: [string, string][] = [
      ['rustup', toolchain.rustupVersion ?? dim('unknown')],
      ['active', toolchain.activeToolchain ?? dim('unknown')],
      ['rustc', toolchain.rustc ?? dim('unknown')],
      ['cargo', toolchain.cargo ?? dim('unknown')],
      ['toolchains', list(toolchain.toolchains)],
      ['targets', list(toolchain.installedTargets)],
      ['components', list(toolchain.installedComponents)],
    ];
    for (const [label, value] of rows) out.push(`  ${`${label}:`.padEnd(12)} ${value}`);
    for (const problem of toolchain.problems) out.push(red('  ! ') + problem);
  }
  return `${out.join('\n')}\n`;
}
