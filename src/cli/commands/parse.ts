import { closeSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { MAX_LINE_BYTES } from '../../core/diagnostics/byteLines';
import { OutputParser, type ParseResult } from '../../core/diagnostics/outputParser';
import { CliError } from '../cliError';

const PARSE_USAGE = 'stepwise parse [FILE|-] [--json]';

/** `stepwise parse`: the issues and test counts in a captured command output. */
export async function parseCommand(args: string[], stdin: Readable = process.stdin): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new CliError(`parse reads one output: ${PARSE_USAGE}`);
  const source = positionals[0] ?? '-';

  // Streamed as bytes, as the app reads a terminal: a big log never sits in
  // memory whole, and only the lines that matter are ever decoded. Nothing
  // here prints an issue's rendered block, so the parser need not keep it.
  const parser = new OutputParser({ keepRendered: false });
  if (source === '-') {
    for await (const chunk of stdin) parser.pushBytes(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  } else {
    const file = resolve(source);
    const info = await stat(file).catch(() => null);
    if (!info) throw new CliError(`${file} does not exist`);
    if (!info.isFile()) throw new CliError(`${file} is not a file`);
    readChunks(file, (chunk) => parser.pushBytes(chunk));
  }
  const result = parser.end();

  process.stdout.write(values.json ? `${JSON.stringify(parseResultJson(result))}\n` : formatParseResult(result));
  return 0;
}

/** 1 MiB reads: fewer calls than a stream's 64 KiB, and small enough to stay in the CPU's cache. */
const READ_SIZE = 1 << 20;

/** Reads a file synchronously (nothing else runs meanwhile) in fresh chunks: the parser keeps references into them. */
function readChunks(file: string, take: (chunk: Buffer) => void): void {
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(READ_SIZE);
      const read = readSync(fd, chunk, 0, READ_SIZE, null);
      if (read === 0) return;
      take(read === READ_SIZE ? chunk : chunk.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
}

/** The `--json` shape: the issues without their rendered text, and the counts without names. */
export function parseResultJson({ diagnostics, tests, cutLines }: ParseResult) {
  return {
    issues: diagnostics.map(({ severity, tool, code, file, line, column, message }) => ({ severity, tool, code, file, line, column, message })),
    tests: tests && { passed: tests.passed, failed: tests.failed, ignored: tests.ignored },
    cutLines,
  };
}

/** One line per issue, `severity tool code file:line:col message`, then the counts. */
export function formatParseResult({ diagnostics, tests, cutLines }: ParseResult): string {
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = d.file === null ? '-' : [d.file, d.line, d.column].filter((part) => part !== null).join(':');
    out.push(`${d.severity} ${d.tool} ${d.code ?? '-'} ${where} ${d.message}`);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  out.push(`${plural(diagnostics.length, 'issue')} (${plural(errors, 'error')}, ${plural(diagnostics.length - errors, 'warning')})`);
  if (tests) {
    out.push(`tests: ${tests.passed} passed, ${tests.failed} failed, ${tests.ignored} ignored`);
    for (const name of tests.failures) out.push(`  failed: ${name}`);
  } else {
    out.push('tests: none run');
  }
  if (cutLines.count > 0) {
    const listed = cutLines.first.map((cut) => `line ${cut.line} (${cut.bytes.toLocaleString('en')} bytes)`).join(', ');
    const more = cutLines.count > cutLines.first.length ? ` and ${cutLines.count - cutLines.first.length} more` : '';
    out.push(`${plural(cutLines.count, 'line')} longer than ${MAX_LINE_BYTES.toLocaleString('en')} bytes, read only up to there: ${listed}${more}`);
  }
  return `${out.join('\n')}\n`;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}
