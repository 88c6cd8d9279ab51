// The guide as JSON: the full record, with a schema version, written as it
// is read (one timeline entry, one issue at a time). Known breakages are
// listed once at the end and referred to by id from each issue.
import type { GuideSection } from '../../../shared/guide';
import type { KnownBreakage } from '../../../shared/model';
import type { GuideIssue, GuideModel } from '../model';

const INDENT = '  ';
const ELEMENT_START = `\n${INDENT.repeat(2)}`;
const CHUNK_CHARS = 1 << 16;
const value = (v: unknown, depth: number): string => JSON.stringify(v, null, 2).replace(/\n/g, `\n${INDENT.repeat(depth)}`);

export function* guideJson(model: GuideModel): Generator<string> {
  const has = (s: GuideSection): boolean => model.options.sections.includes(s);
  let first = true;
  const key = (name: string): string => {
    const prefix = first ? '{\n' : ',\n';
    first = false;
    return `${prefix}${INDENT}${JSON.stringify(name)}: `;
  };
  const field = (name: string, v: unknown): string => `${key(name)}${value(v, 1)}`;
  // The long arrays: one element per line, written as it is read, in chunks of
  // many elements (a chunk per element costs more to pass on than to write).
  function* array<T>(name: string, items: Iterable<T>, map: (item: T) => unknown = (x) => x): Generator<string> {
    let chunk = `${key(name)}[`;
    let n = 0;
    for (const item of items) {
      chunk += `${n++ ? ',' : ''}${ELEMENT_START}${JSON.stringify(map(item))}`;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}${n ? `\n${INDENT}]` : ']'}`;
  }

  yield field('schemaVersion', model.meta.schemaVersion);
  yield field('generator', { name: 'stepwise', version: model.meta.stepwiseVersion, generatedAt: model.meta.generatedAt });
  yield field('options', model.options);
  yield field('title', model.title);
  yield field('versions', model.versions);
  yield field('project', model.project);
  yield field('session', model.session);
  yield field('plan', model.plan);
  if (has('summary')) {
    yield field('outcome', model.outcome);
    yield field('counts', model.counts);
  }
  yield field('planSteps', model.planSteps);
  if (has('environment')) yield field('environment', model.environment);
  if (has('steps')) yield* array('timeline', model.timeline());
  if (has('breaking-changes')) yield field('breakingChanges', groupSummary(model.breaking));
  if (has('open-issues')) yield field('unresolvedIssues', groupSummary(model.unresolved));
  const known = new Map<string, KnownBreakage>();
  if (has('breaking-changes') || has('open-issues') || has('notes')) {
    yield* array('issues', model.allIssues(), (issue) => {
      // Each issue names its known breakage; the breakages are listed once, at the end.
      // (The issue is a fresh row of its own: changed in place rather than copied.)
      const record = issue as Omit<GuideIssue, 'known'> & { known?: GuideIssue['known']; knownBreakageId: string | null };
      record.knownBreakageId = issue.known?.id ?? null;
      if (issue.known) known.set(issue.known.id, issue.known);
      record.known = undefined;
      return record;
    });
  }
  if (has('metrics')) yield field('metrics', model.metrics);
  if (has('rollback')) yield field('rollback', model.rollback);
  if (has('notes')) yield field('notes', { total: model.notes.total, note: 'each annotated issue carries its note in `issues`' });
  for (const group of [model.breaking, model.unresolved]) for (const k of group.kinds) if (k.known) known.set(k.known.id, k.known);
  yield field('knownBreakages', [...known.values()].sort((a, b) => a.id.localeCompare(b.id)));
  yield '\n}\n';
}

function groupSummary(group: GuideModel['breaking']): unknown {
  return {
    total: group.total,
    kinds: group.kinds.map(({ known, ...k }) => ({ ...k, knownBreakageId: known?.id ?? null })),
  };
}
