// Figures read from what a command printed: cargo audit's JSON report, the
// image size docker prints, the number a runtime command prints. Each
// failure to read says why, in words a user can act on.
import { stripAnsi } from '../../shared/ansi';
import type { MetricValue } from '../../shared/model';
import { auditAdvisories, auditReportDiagnostics } from '../diagnostics/cargoAudit';
import { measured, notMeasured } from './metricValues';

/** The first line that says what went wrong (`error: ...`), else the last line printed. */
export function errorLine(output: string): string | null {
  const lines = stripAnsi(output).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^(?:error|fatal)\b/i.test(l)) ?? lines.at(-1) ?? null;
}

/** `error: no such command: `audit``: cargo has no such subcommand (its tool is not installed). */
export function isMissingCargoCommand(output: string, subcommand: string): boolean {
  return stripAnsi(output).includes(`no such command: \`${subcommand}\``);
}

/**
 * `cargo audit --json`: vulnerabilities (errors, with their advisory ids) and
 * warnings, or why there is no report.
 */
export function readAudit(output: string, exitCode: number | null): MetricValue[] {
  for (const report of jsonLines(output)) {
    const diagnostics = auditReportDiagnostics(report);
    if (!diagnostics) continue;
    const vulnerabilities = diagnostics.filter((d) => d.severity === 'error').length;
    const advisories = auditAdvisories(report) ?? undefined;
    return [measured('audit_vulnerabilities', vulnerabilities, { advisories }), measured('audit_warnings', diagnostics.length - vulnerabilities)];
  }
  const reason = isMissingCargoCommand(output, 'audit')
    ? 'cargo-audit is not installed (cargo install cargo-audit)'
    : `cargo audit gave no report (exit ${exitCode ?? 'unknown'}): ${errorLine(output) ?? 'no output'}`;
  return [notMeasured('audit_vulnerabilities', reason), notMeasured('audit_warnings', reason)];
}

function jsonLines(output: string): unknown[] {
  const values: unknown[] = [];
  for (const line of stripAnsi(output).split(/\r?\n/)) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      values.push(JSON.parse(text));
    } catch {
      // not a report line
    }
  }
  return values;
}

/** `docker image inspect --format '{{.Size}}' IMAGE`: bytes, or why there is no answer. */
export function readImageSize(image: string, output: string, exitCode: number | null): MetricValue {
  const text = stripAnsi(output).trim();
  if (exitCode === 0 && /^\d+$/.test(text)) return measured('image_bytes', Number(text));
  if (exitCode === 127 || /command not found/.test(text)) return notMeasured('image_bytes', 'docker is not installed');
  if (/Cannot connect to the Docker daemon|Is the docker daemon running|error during connect/i.test(text)) {
    return notMeasured('image_bytes', `no Docker engine answered (${errorLine(text) ?? 'no output'})`);
  }
  if (/No such (?:image|object)/i.test(text)) return notMeasured('image_bytes', `the Docker engine has no image ${image}`);
  return notMeasured('image_bytes', `docker image inspect gave no size (exit ${exitCode ?? 'unknown'}): ${errorLine(text) ?? 'no output'}`);
}

/**
 * The number a runtime command printed, picked by `regex`: its `value` group
 * or first group (else the whole match), and the unit from its `unit` group
 * or second group, if any.
 */
export function pickNumber(output: string, regex: string): { value: number; unit: string } | string {
  const match = new RegExp(regex, 'm').exec(stripAnsi(output));
  if (!match) return `the output did not match /${regex}/`;
  const raw = match.groups?.value ?? match[1] ?? match[0];
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(value)) return `/${regex}/ picked "${raw}", which is not a number`;
  return { value, unit: (match.groups?.unit ?? match[2] ?? '').trim() };
}
