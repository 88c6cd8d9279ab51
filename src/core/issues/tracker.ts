// Issue lifecycle: open when first seen, resolved when a later finished run
// of the same step (or the same typed command) no longer shows it, regressed
// when it comes back, won't fix by the user's decision. Every change of state
// is journaled with the run that caused it.
import type { Diagnostic, IssueRecord, RunRecord } from '../../shared/model';
import type { Journal } from '../journal/journal';
import { distinctDiagnostics } from './fingerprint';

export interface TrackResult {
  /** Issues created, seen again or whose state changed. */
  changed: IssueRecord[];
  /** Those resolved by this run (a subset of `changed`). */
  resolved: IssueRecord[];
}

/** Call inside a journal transaction, with the run already finished. */
export function trackRunIssues(journal: Journal, run: RunRecord, diagnostics: Diagnostic[]): TrackResult {
  const distinct = distinctDiagnostics(diagnostics);
  /** The fingerprints this run showed, of the issues it sighted. */
  const seen = new Set(distinct.keys());

  const changed: IssueRecord[] = [];
  for (const [fp, d] of distinct) {
    // rustc's text names a lint at its first warning only: read without its code, a warning is still the issue that has one.
    const existing = journal.issues.byFingerprint(run.sessionId, fp) ?? (d.code === null ? journal.issues.withCodeFor(run.sessionId, d) : null);
    if (existing && existing.fingerprint !== fp) {
      if (seen.has(existing.fingerprint)) continue; // sighted already in this run
      seen.add(existing.fingerprint);
    }
    if (!existing) {
      const issue = journal.issues.insert(run, d, fp);
      journal.issues.addEvent(issue.id, 'open', run.id);
      changed.push(issue);
      continue;
    }
    const state = existing.state === 'resolved' ? 'regressed' : existing.state;
    if (state !== existing.state) journal.issues.addEvent(existing.id, state, run.id);
    changed.push(journal.issues.sight(existing.id, run, d, state));
  }

  const resolved: IssueRecord[] = [];
  // Only a run that ran to its end can vouch that an issue is gone (not one the user stopped).
  if (run.exitCode !== null && run.status !== 'interrupted' && run.status !== 'stopped') {
    for (const issue of journal.issues.liveInScope(run)) {
      if (seen.has(issue.fingerprint)) continue;
      journal.issues.addEvent(issue.id, 'resolved', run.id);
      resolved.push(journal.issues.update(issue.id, { state: 'resolved', fixedByRunId: run.id }));
    }
  }
  return { changed: [...changed, ...resolved], resolved };
}
