// The head of a cargo JSON message too long to keep whole (byteLines.ts
// cuts lines past MAX_LINE_BYTES). JSON.parse cannot read a cut object, but
// its head still names the issue: rustc 1.95 writes a diagnostic's
// `message`, `code` and `level` before its spans, children and `rendered`
// text (the parts that grow with a long type); older ones write `rendered`
// first, whose first lines (`error[E0425]: …`, ` --> src/lib.rs:9:5`) the
// human-diagnostics parser reads. Read with a few searches in a bounded
// window, never by parsing the whole head.

import type { Diagnostic } from '../../shared/model';
import { stripAnsi } from '../../shared/ansi';
import type { CutLine } from './byteLines';
import { severityOf, toolOf } from './cargoJson';
import { RustDiagnosticParser } from './rustcParser';

/** How far past `"message":{` the fields are looked for. */
const WINDOW = 256 * 1024;
/** A JSON string's body: anything but an unescaped quote. */
const STRING = String.raw`((?:[^"\\]|\\.)*)`;
const MESSAGE = new RegExp(`"message":"${STRING}("?)`);
const CODE = /"code":(?:null|\{"code":"([^"]*)")/;
const LEVEL = /"level":"([^"]*)"/;
/** The primary span's file, then its line (the keys are in alphabetical order; a label's quotes are escaped). */
const PRIMARY_FILE = new RegExp(`"file_name":"${STRING}","is_primary":true`);
const LINE_START = /[^\\]"line_start":(\d+)/;
const COLUMN_START = /"column_start":(\d+)/g;
const RENDERED = new RegExp(`"rendered":"${STRING}`);

/** The issue a cut `compiler-message` line names, or null if the head is not one (or names no error or warning). */
export function cutCargoMessage(head: string, cut: CutLine, keepRendered: boolean): Diagnostic | null {
  if (!head.startsWith('{"reason":"compiler-message"')) return null;
  const at = head.indexOf('"message":{');
  if (at === -1) return null;
  const window = head.slice(at + '"message":{'.length, at + WINDOW);
  const level = LEVEL.exec(window)?.[1];
  if (level === undefined) return renderedIssue(window, cut, keepRendered);
  const severity = severityOf(level);
  if (!severity) return null;
  const message = MESSAGE.exec(window);
  const text = message ? jsonString(message[1] ?? '') + (message[2] ? '' : '…') : '';
  const code = CODE.exec(window)?.[1] ?? null;
  const primary = PRIMARY_FILE.exec(window);
  const file = primary ? jsonString(primary[1] ?? '') : null;
  const line = primary ? Number(LINE_START.exec(window.slice(primary.index))?.[1] ?? NaN) : NaN;
  const column = primary ? lastColumnBefore(window, primary.index) : null;
  return {
    severity,
    tool: toolOf(code),
    code,
    message: text,
    file,
    line: Number.isNaN(line) ? null : line,
    column,
    rendered: keepRendered ? `${level}${code ? `[${code}]` : ''}: ${text}\n${cutNote(cut)}` : '',
  };
}

/** The issue the start of the message's `rendered` text names, read as rustc's human output. */
function renderedIssue(window: string, cut: CutLine, keepRendered: boolean): Diagnostic | null {
  const rendered = RENDERED.exec(window);
  if (!rendered) return null;
  const parser = new RustDiagnosticParser(keepRendered);
  const [issue] = [...parser.push(`${stripAnsi(jsonString(rendered[1] ?? ''))}\n`), ...parser.end()];
  if (!issue) return null;
  if (keepRendered) issue.rendered = `${issue.rendered}\n${cutNote(cut)}`;
  return issue;
}

function cutNote(cut: CutLine): string {
  return `(cargo's JSON message on line ${cut.line} was ${cut.bytes.toLocaleString('en')} bytes long; only its start was read)`;
}

/** The body of a JSON string, unescaped; a head cut inside an escape loses that escape. */
function jsonString(body: string): string {
  for (let end = body.length; end >= Math.max(0, body.length - 6); end--) {
    try {
      return JSON.parse(`"${body.slice(0, end)}"`) as string;
    } catch {
      // cut inside an escape (`\u00`): try a little shorter
    }
  }
  return body;
}

/** The primary span's `column_start`: the last one before its `file_name`. */
function lastColumnBefore(window: string, index: number): number | null {
  let column: number | null = null;
  COLUMN_START.lastIndex = 0;
  for (let m = COLUMN_START.exec(window); m && m.index < index; m = COLUMN_START.exec(window)) column = Number(m[1]);
  return column;
}
