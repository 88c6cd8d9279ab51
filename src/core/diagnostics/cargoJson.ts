// `cargo --message-format=json` (and clippy's): one JSON object per line,
// `{"reason":"compiler-message","message":{...rustc's diagnostic...}}`.
// Other reasons (compiler-artifact, build-script-executed, build-finished)
// carry no issue. Unknown keys, such as "$message_type" (Rust 1.76+), are ignored.

import type { Diagnostic } from '../../shared/model';
import { stripAnsi } from '../../shared/ansi';

interface Span {
  file_name?: unknown;
  line_start?: unknown;
  column_start?: unknown;
  is_primary?: unknown;
  expansion?: { span?: unknown } | null;
}

/** The standard library's sources (`/rustc/<hash>/library/...`) and rustc's own (`<std macros>`). */
const TOOLCHAIN_SOURCE = /^(?:\/rustc\/|<)/;

/**
 * Where the diagnostic is in the user's code: a span inside a standard
 * macro (`debug_assert!` expanding to `panic!`) is followed out to the call
 * that expanded it, as rustc's human text shows it.
 */
function userSpan(span: Span | undefined): Span | undefined {
  let at = span;
  for (let depth = 0; at && typeof at.file_name === 'string' && TOOLCHAIN_SOURCE.test(at.file_name) && depth < 64; depth++) {
    const outer = at.expansion?.span;
    if (!isObject(outer)) break;
    at = outer as Span;
  }
  return at;
}

/** The diagnostics of one cargo JSON message, or null if `value` is not one; `rendered` left empty unless kept. */
export function cargoJsonDiagnostics(value: unknown, keepRendered = true): Diagnostic[] | null {
  if (!isObject(value) || typeof value.reason !== 'string') return null;
  if (value.reason !== 'compiler-message' || !isObject(value.message)) return [];
  const message = value.message;
  const severity = severityOf(typeof message.level === 'string' ? message.level : '');
  if (!severity) return [];
  const text = typeof message.message === 'string' ? message.message : '';
  // rustc's own summaries, should a version print them as messages.
  if (/^aborting due to |^\d+ warnings? emitted/.test(text)) return [];

  const code = isObject(message.code) && typeof message.code.code === 'string' ? message.code.code : null;
  const spans: Span[] = Array.isArray(message.spans) ? message.spans.filter(isObject) : [];
  const primary = userSpan(spans.find((span) => span.is_primary === true));
  const rendered = !keepRendered ? '' : typeof message.rendered === 'string' ? stripAnsi(message.rendered).trimEnd() : text;
  return [
    {
      severity,
      tool: toolOf(code),
      code,
      message: text,
      file: typeof primary?.file_name === 'string' ? primary.file_name : null,
      line: typeof primary?.line_start === 'number' ? primary.line_start : null,
      column: typeof primary?.column_start === 'number' ? primary.column_start : null,
      rendered,
    },
  ];
}

/**
 * An issue's severity from a diagnostic's level: notes, helps and `failure-note`
 * ("For more information about this error...") are not issues; an internal
 * compiler error's level is `error: internal compiler error`.
 */
export function severityOf(level: string): 'error' | 'warning' | null {
  return level.startsWith('error') ? 'error' : level === 'warning' ? 'warning' : null;
}

/** Clippy's lints are named `clippy::x`; everything else is rustc's. */
export function toolOf(code: string | null): 'clippy' | 'rustc' {
  return code?.startsWith('clippy::') ? 'clippy' : 'rustc';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
