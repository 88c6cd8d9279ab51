// Issues in the guide: the breaking changes met and fixed, grouped by kind
// with the known breakage that explains them and the diff that fixed them;
// what is still open or won't be fixed, and why; the user's notes. Issues are
// read one at a time, in state and kind order, so groups are found as they go by.
import { GUIDE_SECTION_TITLES } from '../../../shared/guide';
import type { KnownBreakage } from '../../../shared/model';
import { kindKey } from '../gather';
import type { GuideIssue, GuideModel, IssueGroup, IssueKind } from '../model';
import { codeSpans, type BlockWriter, type Line } from './blocks';
import { issueFacts, issueHeadline, kindTitle, plural, STATE_LABEL, stepTitleLookup } from './words';

interface KindHandlers {
  /** Blocks before a kind's first issue. */
  start(kind: IssueKind, previous: IssueKind | undefined): string[];
  issue(issue: GuideIssue, kind: IssueKind): string;
}

/** The group's issues kind by kind, each kind closed with how many were left out. */
function* byKind(group: IssueGroup, w: BlockWriter, on: KindHandlers): Generator<string> {
  const kinds = new Map(group.kinds.map((k) => [k.key, k]));
  let kind: IssueKind | undefined;
  let shown = 0;
  const close = (): string =>
    kind && kind.count > shown
      ? w.paragraph([{ em: [`… and ${plural(kind.count - shown, 'more issue')} of this kind: the JSON export lists every one.`] }])
      : '';
  for (const issue of group.issues()) {
    const key = kindKey(issue);
    if (kind?.key !== key) {
      yield close();
      const previous = kind;
      kind = kinds.get(key) ?? { key, state: issue.state, tool: issue.tool, code: issue.code, count: 0, errors: 0, known: issue.known };
      shown = 0;
      yield on.start(kind, previous).join('');
    }
    shown += 1;
    yield on.issue(issue, kind);
  }
  yield close();
}

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
    breaking.kinds.map((k) => [[{ code: k.code ?? k.tool }, ` (${k.tool})`], [k.count.toLocaleString('en')], [k.errors.toLocaleString('en')], k.known ? codeSpans(k.known.title) : ['–']]),
    ['left', 'right', 'right', 'left'],
  );
  const stepTitle = stepTitleLookup(model);
  let lastDiff: string | null = null;
  yield* byKind(breaking, w, {
    start: (kind) => {
      lastDiff = null;
      return [w.heading(3, [...kindTitle(kind), ` — ${plural(kind.count, 'issue')}`]), ...(kind.known ? knownBlocks(kind.known, w) : [])];
    },
    issue: (issue, kind) => {
      const blocks = [w.paragraph([{ strong: issueHeadline(issue) }]), w.paragraph(issueFacts(issue, stepTitle))];
      if (issue.rendered) blocks.push(w.code(issue.rendered, 'text'));
      if (issue.known && issue.known.id !== kind.known?.id) blocks.push(...knownBlocks(issue.known, w));
      if (issue.fixDiff && issue.fixDiff === lastDiff) {
        blocks.push(w.paragraph(['Fixed by the same change as the issue above.']));
      } else if (issue.fixDiff) {
        blocks.push(w.paragraph(['The change that fixed it:']), w.code(issue.fixDiff, 'diff'));
      } else {
        blocks.push(w.paragraph([{ em: ['No project file changed between the last run that showed it and the first that did not.'] }]));
      }
      lastDiff = issue.fixDiff;
      return w.group('issue', blocks.join(''));
    },
  });
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
  yield* byKind(unresolved, w, {
    start: (kind, previous) => [
      ...(kind.state !== previous?.state ? [w.heading(3, [`${STATE_LABEL[kind.state]} (${counts.issues[kind.state].toLocaleString('en')})`])] : []),
      w.heading(4, [...kindTitle(kind), ` — ${plural(kind.count, 'issue')}`]),
      ...(kind.known ? knownBlocks(kind.known, w) : []),
    ],
    issue: (issue, kind) => {
      const blocks = [w.paragraph([{ strong: issueHeadline(issue) }]), w.paragraph(issueFacts(issue, stepTitle))];
      if (issue.wontfixReason) blocks.push(w.paragraph([{ strong: ["Why it won't be fixed:"] }, ' ', issue.wontfixReason]));
      if (issue.rendered) blocks.push(w.code(issue.rendered, 'text'));
      if (issue.known && issue.known.id !== kind.known?.id) blocks.push(...knownBlocks(issue.known, w));
      return w.group('issue', blocks.join(''));
    },
  });
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
