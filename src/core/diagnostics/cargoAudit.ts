// `cargo audit`: advisories against Cargo.lock. A vulnerability is an error;
// an informational advisory (unmaintained, unsound, notice) or a yanked
// crate is a warning. Both the `--json` report and the text report.

import type { AuditAdvisory, Diagnostic } from '../../shared/model';
import type { LineParser } from './lines';

const WARNING_KINDS = ['unmaintained', 'unsound', 'yanked', 'notice'] as const;

/** The entries of a report's `vulnerabilities.list`, or null if `value` is no `cargo audit --json` report. */
function vulnerabilityEntries(value: unknown): Record<string, unknown>[] | null {
  if (!isObject(value) || !isObject(value.vulnerabilities)) return null;
  const list = Array.isArray(value.vulnerabilities.list) ? value.vulnerabilities.list : [];
  return list.filter(isObject);
}

/** The diagnostics of a `cargo audit --json` report, or null if `value` is not one. */
export function auditReportDiagnostics(value: unknown): Diagnostic[] | null {
  const entries = vulnerabilityEntries(value);
  if (!entries || !isObject(value)) return null;
  const out: Diagnostic[] = [];
  for (const entry of entries) {
    const advisory = isObject(entry.advisory) ? entry.advisory : {};
    const versions = isObject(entry.versions) ? entry.versions : {};
    const patched = Array.isArray(versions.patched) ? versions.patched.map(String) : [];
    out.push(
      advisoryIssue('error', text(advisory.id) ?? 'vulnerability', packageOf(entry, advisory), text(advisory.title), `patched: ${patched.join(' or ') || 'none'}`, JSON.stringify(entry)),
    );
  }
  const warnings = isObject(value.warnings) ? value.warnings : {};
  for (const kind of WARNING_KINDS) {
    const entries = warnings[kind];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (!isObject(entry)) continue;
      const advisory = isObject(entry.advisory) ? entry.advisory : {};
      out.push(advisoryIssue('warning', text(advisory.id) ?? kind, packageOf(entry, advisory), text(advisory.title), kind, JSON.stringify(entry)));
    }
  }
  return out;
}

/**
 * The vulnerabilities of a `cargo audit --json` report by advisory id and
 * crate; null if `value` is no report, or if an advisory has no id (then only
 * their number can be compared).
 */
export function auditAdvisories(value: unknown): AuditAdvisory[] | null {
  const entries = vulnerabilityEntries(value);
  if (!entries) return null;
  const advisories: AuditAdvisory[] = [];
  for (const entry of entries) {
    const advisory = isObject(entry.advisory) ? entry.advisory : {};
    const id = text(advisory.id);
    if (!id) return null;
    advisories.push({ id, ...crateOf(entry, advisory) });
  }
  return advisories;
}

/** `Crate:`, `Version:`, ... lines of one advisory in the text report. */
const FIELD = /^(Crate|Version|Title|Date|ID|URL|Solution|Warning|Severity|Dependency tree):\s*(.*)$/;
/** `error: 1 vulnerability found!`, `warning: 2 allowed warnings found`: counts of what was listed. */
const SUMMARY = /^(?:error|warning): \d+ (?:(?:allowed|denied) )?(?:vulnerabilit(?:y|ies)|warnings?) found!?$/;

export class AuditTextParser implements LineParser {
  private fields: Map<string, string> | null = null;
  private rendered: string[] = [];

  /** Inside an advisory, every line is one of its fields or its end. */
  get readsEveryLine(): boolean {
    return this.fields !== null;
  }

  line(line: string, out: Diagnostic[]): boolean {
    // An advisory starts with `Crate:`; until one does, only the summaries are ours.
    if (!this.fields && !line.startsWith('Crate:')) {
      const first = line.charCodeAt(0);
      return (first === 101 /* e */ || first === 119 /* w */) && SUMMARY.test(line);
    }
    const field = FIELD.exec(line);
    if (!field) {
      this.flush(out);
      return SUMMARY.test(line);
    }
    const [, key = '', value = ''] = field;
    if (key === 'Crate') this.flush(out);
    if (key === 'Dependency tree') {
      this.flush(out);
      return true;
    }
    (this.fields ??= new Map()).set(key, value.trim());
    this.rendered.push(line);
    return true;
  }

  end(out: Diagnostic[]): void {
    this.flush(out);
  }

  private flush(out: Diagnostic[]): void {
    const fields = this.fields;
    if (!fields) return;
    this.fields = null;
    const rendered = this.rendered.join('\n');
    this.rendered = [];
    const crate = `${fields.get('Crate') ?? '?'} ${fields.get('Version') ?? '?'}`;
    const title = fields.get('Title') ?? null;
    const warning = fields.get('Warning');
    if (warning) {
      out.push(advisoryIssue('warning', fields.get('ID') ?? warning, crate, title, warning, rendered));
    } else {
      const solution = fields.get('Solution') ?? '';
      const patched = /^Upgrade to (.+)$/.exec(solution)?.[1] ?? 'none';
      out.push(advisoryIssue('error', fields.get('ID') ?? 'vulnerability', crate, title, `patched: ${patched}`, rendered));
    }
  }
}

/** `time 0.1.45: Potential segfault in the time crate (patched: >=0.2.23)`; a yanked crate has no title. */
function advisoryIssue(severity: 'error' | 'warning', code: string, crate: string, title: string | null, note: string, rendered: string): Diagnostic {
  const message = title ? `${crate}: ${title} (${note})` : `${crate}: ${note}`;
  return { severity, tool: 'cargo-audit', code, message, file: 'Cargo.lock', line: null, column: null, rendered };
}

function crateOf(entry: Record<string, unknown>, advisory: Record<string, unknown>): { package: string; version: string | null } {
  const pkg = isObject(entry.package) ? entry.package : {};
  return { package: text(pkg.name) ?? text(advisory.package) ?? '?', version: text(pkg.version) };
}

function packageOf(entry: Record<string, unknown>, advisory: Record<string, unknown>): string {
  const crate = crateOf(entry, advisory);
  return `${crate.package} ${crate.version ?? '?'}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
