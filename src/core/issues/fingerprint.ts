// An issue's identity across runs: what it is and where, not when or on
// which line (lines shift as code around it changes).
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../../shared/model';

export function normaliseMessage(message: string): string {
  return message
    .replace(/\b[\w./-]+\.rs:\d+(:\d+)?/g, '<loc>') // positions quoted in the message
    .replace(/\bline \d+\b/gi, 'line <n>')
    .replace(/\(\d+\)/g, '') // thread ids in panics
    .replace(/\s+/g, ' ')
    .trim();
}

export function fingerprint(d: Diagnostic): string {
  const key = [d.tool, d.code ?? '', d.file ?? '', normaliseMessage(d.message)].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The first diagnostic of each fingerprint, in order: what the issue tracker keeps of a run's output. */
export function distinctDiagnostics(diagnostics: Diagnostic[]): Map<string, Diagnostic> {
  const seen = new Map<string, Diagnostic>();
  for (const d of diagnostics) {
    const fp = fingerprint(d);
    if (!seen.has(fp)) seen.set(fp, d);
  }
  return seen;
}
