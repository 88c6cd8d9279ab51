// Issues in the guide: the breaking changes met and fixed, grouped by kind
// with the known breakage that explains them and the diff that fixed them;
// what is still open or won't be fixed, and why; the user's notes. Issues are
// read one at a time, in kind (or state) order, so groups are found as they go by.
import { GUIDE_SECTION_TITLES } from '../../../shared/guide';
import type { IssueState, KnownBreakage } from '../../../shared/model';
import { kindKey } from '../gather';
import type { GuideIssue, GuideModel, IssueKind } from '../model';
import { codeSpans, type BlockWriter, type Line } from './blocks';
import { issueFacts, issueHeadline, kindTitle, plural, STATE_LABEL, stepTitleLookup } from './words';

export function* breakingSection(model: GuideModel, w: BlockWriter): Generator<string> {
  const { breaking } = model;
  yield w.heading(2, [GUIDE_SECTION_TITLES['breaking-changes']], 'breaking-changes');
  if (breaking.total === 0) {
    yield w.paragraph(['No issue was met and then fixed in this session.']);
    return;
  }
  yield w.paragraph([`${plural(breaking.total, 'issue')} of ${plural(breaking.kinds.length, 'kind')} met and fixed, grouped by kind.`]);
  yield w.table(
    ['Kind', 'Issues', 'Errors', 'Known breakage'],
    breaking.kinds.map((k) => [[{ code: k.code ?? k.tool }, ` (${k.tool})`], [String(k.count)], [String(k.errors)], k.known ? codeSpans(k.known.title) : ['–']]),
    ['left', 'right', 'right', 'left'],
  );
  const kinds = new Map(breaking.kinds.map((k) => [k.key, k]));
  const stepTitle = stepTitleLookup(model);
  let kind: IssueKind | undefined;
  let lastDiff: string | null = null;
  for (const issue of breaking.issues()) {
    const key = kindKey(issue);
    if (kind?.key !== key) {
      kind = kinds.get(key);
      yield* kindHeader(kind, issue, w);
      lastDiff = null;
    }
    const blocks = [w.paragraph([{ strong: issueHeadline(issue) }]), w.paragraph(issueFacts(issue, stepTitle))];
    if (issue.rendered) blocks.push(w.code(issue.rendered, 'text'));
    if (issue.known && issue.known.id !== kind?.known?.id) blocks.push(...knownBlocks(issue.known, w));
    if (issue.fixDiff && issue.fixDiff === lastDiff) {
      blocks.push(w.paragraph(['Fixed by the same change as the issue above.']));
    } else if (issue.fixDiff) {
      blocks.push(w.paragraph(['The change that fixed it:']), w.code(issue.fixDiff, 'diff'));
    } else {
      blocks.push(w.paragraph([{ em: ['No project file changed between the last run that showed it and the first that did not.'] }]));
    }
    lastDiff = issue.fixDiff;
    yield w.group('issue', blocks.join(''));
  }
}

function* kindHeader(kind: IssueKind | undefined, first: GuideIssue, w: BlockWriter): Generator<string> {
  const k = kind ?? { key: kindKey(first), tool: first.tool, code: first.code, count: 0, errors: 0, known: first.known };
  yield w.heading(3, [...kindTitle(k), ` — ${plural(k.count, 'issue')}`]);
  if (k.known) yield* knownBlocks(k.known, w);
}

function knownBlocks(known: KnownBreakage, w: BlockWriter): string[] {
  return [
    w.paragraph([{ strong: ['Known breakage:'] }, ' ', ...codeSpans(known.title)]),
    w.markdown(known.explanation),
    w.markdown(`**Fix:** ${known.fix}`),
    ...(known.sources.length ? [w.paragraph(['Sources: ', ...known.sources.flatMap((s, i) => [i ? ', ' : '', s])])] : []),
  ];
}

export function* unresolvedSection(model: GuideModel, w: BlockWriter): Generator<string> {
  const { unresolved, counts } = model;
  yield w.heading(2, [GUIDE_SECTION_TITLES['open-issues']], 'open-issues');
  if (unresolved.total === 0) {
    yield w.paragraph(['None: every issue found was fixed.']);
    return;
  }
  const stepTitle = stepTitleLookup(model);
  let state: IssueState | null = null;
  let shownKnown = new Set<string>();
  for (const issue of unresolved.issues()) {
    if (issue.state !== state) {
      state = issue.state;
      shownKnown = new Set();
      yield w.heading(3, [`${STATE_LABEL[state]} (${counts.issues[state].toLocaleString('en')})`]);
    }
    const blocks = [w.paragraph([{ strong: issueHeadline(issue) }]), w.paragraph(issueFacts(issue, stepTitle))];
    if (issue.wontfixReason) blocks.push(w.paragraph([{ strong: ["Why it won't be fixed: "] }, issue.wontfixReason]));
    if (issue.rendered) blocks.push(w.code(issue.rendered, 'text'));
    if (issue.known && !shownKnown.has(issue.known.id)) {
      shownKnown.add(issue.known.id);
      blocks.push(...knownBlocks(issue.known, w));
    } else if (issue.known) {
      blocks.push(w.paragraph([`Known breakage: ${issue.known.title} (explained above).`]));
    }
    yield w.group('issue', blocks.join(''));
  }
}

export function* notesSection(model: GuideModel, w: BlockWriter): Generator<string> {
  yield w.heading(2, [GUIDE_SECTION_TITLES.notes], 'notes');
  if (model.notes.total === 0) {
    yield w.paragraph(['No notes were written in this session.']);
    return;
  }
  for (const issue of model.notes.issues()) {
    const on: Line = [`On issue #${issue.id} (${STATE_LABEL[issue.state].toLowerCase()}): `, ...issueHeadline(issue)];
    yield w.group('issue', w.paragraph([{ strong: on }]) + w.note([issue.note ?? '']));
  }
}
