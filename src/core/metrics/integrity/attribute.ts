// Which step did each relaxation: the last edit (an edit step's, or a
// one-click fix's `autofix:<id>`) to the finding's file, applied between the
// baseline and the after, whose diff makes that change; else the last command
// step whose run made it (between the trees it started and ended on). None:
// the change was made outside Stepwise's steps (by hand, by an agent, by a
// typed command).
import type { EditRecord, IntegrityFinding } from '../../../shared/model';
import type { Relaxation } from './relaxations';
import { escapeRegExp } from '../../../shared/text/escapeRegExp';

interface Hunk {
  added: string[];
  removed: string[];
  text: string;
}

function hunks(diff: string): Hunk[] {
  const found: Hunk[] = [];
  let current: Hunk | null = null;
  for (const line of diff.split('\n')) {
    if (line.startsWith('@@')) found.push((current = { added: [], removed: [], text: '' }));
    else if (!current || line.startsWith('+++') || line.startsWith('---')) continue;
    else {
      if (line.startsWith('+')) current.added.push(line.slice(1));
      if (line.startsWith('-')) current.removed.push(line.slice(1));
      current.text += `${line}\n`;
    }
  }
  return found;
}

const TEST_ATTR_LINE = /#\s*\[\s*(?:\w+\s*::\s*)*test\b/;
const IGNORE_LINE = /#\s*\[\s*(?:ignore\b|cfg_attr\b.*\bignore\b)/;
const DENY_WARNINGS_LINE = /-D\s*warnings\b|--deny[=\s]+warnings\b|"-D"\s*,\s*"warnings"/;

/** Whether a hunk makes the change a finding describes. */
function makes(finding: Relaxation, hunk: Hunk): boolean {
  switch (finding.kind) {
    case 'test-removed': {
      const name = /test `([^`]+)`/.exec(finding.what)?.[1] ?? '';
      const fn = new RegExp(`\\bfn\\s+${escapeRegExp(name)}\\b`);
      return hunk.removed.some((l) => fn.test(l)) || (hunk.removed.some((l) => TEST_ATTR_LINE.test(l)) && hunk.text.includes(name));
    }
    case 'ignore-added':
      return hunk.added.some((l) => IGNORE_LINE.test(l));
    case 'allow-added':
      return hunk.added.some((l) => l.includes(lintOf(finding)));
    case 'lint-lowered':
      return hunk.removed.some((l) => l.includes(lintOf(finding)));
    case 'deny-warnings-dropped':
      return hunk.removed.some((l) => DENY_WARNINGS_LINE.test(l));
  }
}

/** The lint a finding is about as its lines would show it: `dead_code` of `#[allow(dead_code)]`, `unwrap_used` of `lints.clippy.unwrap_used`. */
function lintOf(finding: Relaxation): string {
  const what = finding.what.replace(/`/g, '');
  const attr = /^#\[\w+\(([^)]+)\)\]/.exec(what);
  if (attr) return attr[1]!.split('::').at(-1)!;
  if (what.startsWith('[lints] workspace')) return 'workspace';
  return what.split(/[:= ]/)[0]!.split('.').at(-1)!;
}

/**
 * Each relaxation with the step whose edit made it: `edits` are the
 * session's, oldest first, already limited to those applied between the
 * baseline and the after.
 */
export function attribute(found: Relaxation[], edits: EditRecord[], stepTitle: (stepId: string) => string): IntegrityFinding[] {
  return found.map((finding) => {
    const edit = edits.findLast((e) => e.file === finding.file && hunks(e.diff).some((h) => makes(finding, h)));
    return { ...finding, stepId: edit?.stepId ?? null, stepTitle: edit ? stepTitle(edit.stepId) : null };
  });
}

/** What a step's run relaxed: the relaxations between the trees it started and ended on. */
export interface StepRunRelaxations {
  stepId: string;
  found: Relaxation[];
}

const sameRelaxation = (a: Relaxation, b: Relaxation): boolean => a.kind === b.kind && a.file === b.file && a.what === b.what;

/** The findings no edit made, given to the last step run (oldest first in `runs`) that made the same relaxation. */
export function attributeToRuns(findings: IntegrityFinding[], runs: StepRunRelaxations[], stepTitle: (stepId: string) => string): IntegrityFinding[] {
  return findings.map((finding) => {
    if (finding.stepId !== null) return finding;
    const run = runs.findLast((r) => r.found.some((f) => sameRelaxation(f, finding)));
    return run ? { ...finding, stepId: run.stepId, stepTitle: stepTitle(run.stepId) } : finding;
  });
}
