// The upgrade as an architecture decision record in the MADR template
// (https://adr.github.io/madr/): context, decision drivers, considered
// options, the outcome and its consequences, all from the journal.
import type { GateResult } from '../../../shared/model';
import { describeHostSystem } from '../../platform/hostSystem';
import type { GuideIssue, GuideModel } from '../model';
import { codeSpans, type BlockWriter, type Line } from './blocks';
import { escapeMarkdown } from './markdownWriter';
import { GATE_ICON, kindTitle, plural, STEP_ICON, versionsLine, when } from './words';

/** How many unresolved issues the record names before it says "and N more". */
const NAMED_ISSUES = 10;

export function* guideAdr(model: GuideModel, w: BlockWriter): Generator<string> {
  const { versions, outcome, counts, breaking, unresolved, metrics, session, plan, project } = model;
  const from = versionsLine(versions.fromRust, versions.fromWasmtime);
  const to = versionsLine(versions.toRust, versions.toWasmtime);
  const chosen = model.title;
  const status = outcome.status === 'completed' ? 'accepted' : 'proposed';
  yield `---\nstatus: ${status}\ndate: ${session.lastActivity.slice(0, 10)}\n---\n\n`;
  yield `# ${escapeMarkdown(chosen)}\n`;

  yield w.heading(2, ['Context and Problem Statement']);
  yield w.paragraph([
    { strong: [project.name] },
    ` builds with ${from}. The plan "${plan.title}"${plan.source ? ` (from ${plan.source})` : ''} moves it to ${to}.`,
  ]);
  if (plan.description.trim()) yield w.markdown(plan.description);
  yield w.paragraph([
    `This record is written from the journal of Stepwise session #${session.id} (${when(session.startedAt)} to ${when(session.lastActivity)}): ` +
      `${plural(counts.runs, 'command')} run, ${plural(counts.issues.total, 'issue')} found.`,
  ]);

  yield w.heading(2, ['Decision Drivers']);
  const drivers: Line[] = metrics.gates.map((g) => [`${g.title}: ${g.rule}`]);
  if (!drivers.length) drivers.push(['The plan’s success gates (build time, runtime, tests, image size, vulnerabilities): not measured in this session']);
  if (breaking.total) drivers.push([`${plural(breaking.total, 'breaking change')} to absorb, of ${plural(breaking.kinds.length, 'kind')}`]);
  if (model.environment.before?.active) drivers.push(['The toolchain it started on: ', { code: model.environment.before.active }]);
  if (model.environment.system) drivers.push([`The system it ran on: ${describeHostSystem(model.environment.system)}`]);
  yield w.list(drivers);

  const rustOnly = versions.toRust && versions.fromWasmtime ? `Upgrade to Rust ${versions.toRust}, keep wasmtime ${versions.fromWasmtime}` : null;
  const stay = `Stay on ${from}`;
  yield w.heading(2, ['Considered Options']);
  yield w.list([[chosen], ...(rustOnly ? [[rustOnly]] : []), [stay]]);

  yield w.heading(2, ['Decision Outcome']);
  yield w.paragraph([`Chosen option: "${chosen}", because ${because(model)}.`]);
  yield w.paragraph([`${outcome.status === 'completed' ? STEP_ICON.passed : STEP_ICON.running} ${outcome.text}`]);

  yield w.heading(3, ['Consequences']);
  yield w.list(consequences(model, [...firstIssues(model)]));

  yield w.heading(3, ['Confirmation']);
  yield w.paragraph([
    metrics.gates.length
      ? 'The gates below, judged from the baseline and after measurements the session journaled. The rollback, should it be needed, is in the migration guide: '
      : 'No gate was measured; the checks that passed are in the migration guide. The rollback, should it be needed: ',
    model.rollback.snapshot ? `snapshot #${model.rollback.snapshot.id}` : 'no snapshot was taken',
    model.rollback.toolchain.name ? [', toolchain ', model.rollback.toolchain.name].join('') : '',
    '.',
  ]);
  if (metrics.gates.length) yield w.list(metrics.gates.map(gateLine));

  yield w.heading(2, ['Pros and Cons of the Options']);
  yield w.heading(3, [chosen]);
  yield w.list([
    [`Good, because it reaches ${to}`],
    ...metrics.gates.filter((g) => g.verdict === 'pass').map((g): Line => [`Good, because ${g.title.toLowerCase()} passed its gate (${g.rule})`]),
    [breaking.total ? `Bad, because ${plural(breaking.total, 'breaking change')} had to be fixed` : 'Neutral, because no breaking change was met'],
  ]);
  if (rustOnly) {
    const wasmtimeIssues = breaking.kinds.filter((k) => /wasmtime/i.test(`${k.known?.title ?? ''} ${k.known?.explanation ?? ''}`)).reduce((n, k) => n + k.count, 0);
    yield w.heading(3, [rustOnly]);
    yield w.list([
      [wasmtimeIssues ? `Good, because ${plural(wasmtimeIssues, 'wasmtime breaking change')} met here would not have needed fixing` : 'Good, because wasmtime’s API stays as it is'],
      [`Bad, because wasmtime stays at ${versions.fromWasmtime}, short of the plan’s ${versions.toWasmtime}`],
    ]);
  }
  yield w.heading(3, [stay]);
  yield w.list([['Good, because nothing changes and nothing breaks'], [`Bad, because the project stays on ${from}, which the plan set out to leave`]]);

  yield w.heading(2, ['More Information']);
  yield w.list([
    [`The migration guide of the same session: `, { code: `stepwise export --session ${session.id} --format md` }],
    [`Breaking changes met: ${breaking.kinds.length ? '' : 'none'}`, ...breaking.kinds.flatMap((k, i) => [i ? '; ' : '', ...kindTitle(k), ` ×${k.count}`])],
    [`Open or won't fix: ${unresolved.total ? plural(unresolved.total, 'issue') : 'none'}`],
  ]);
}

function because(model: GuideModel): string {
  const { counts, metrics, breaking } = model;
  const failed = metrics.gates.filter((g) => g.verdict === 'fail').length;
  const passed = metrics.gates.filter((g) => g.verdict === 'pass').length;
  const parts = [`${counts.steps.passed + counts.steps.skipped} of ${counts.totalSteps} plan steps are done`];
  if (breaking.total) parts.push(`the ${plural(breaking.total, 'breaking change')} met ${breaking.total === 1 ? 'was' : 'were'} fixed`);
  if (metrics.gates.length) parts.push(`${passed} of ${metrics.gates.length} gates passed${failed ? `, ${failed} failed` : ''}`);
  return parts.join(', ');
}

function* firstIssues(model: GuideModel): Generator<GuideIssue> {
  let n = 0;
  for (const issue of model.unresolved.issues()) {
    if (n++ >= NAMED_ISSUES) return;
    yield issue;
  }
}

function consequences(model: GuideModel, named: GuideIssue[]): Line[] {
  const { breaking, unresolved, metrics } = model;
  const lines: Line[] = [];
  for (const k of breaking.kinds) lines.push(['Good, because ', ...kindTitle(k), ` was met ${k.count === 1 ? 'once' : `${k.count} times`} and fixed`]);
  for (const g of metrics.gates) {
    if (g.verdict === 'fail') lines.push([`Bad, because ${gateLine(g).join('')}`]);
    if (g.verdict === 'not-measured' || g.verdict === 'within-noise') lines.push([`Neutral, because ${gateLine(g).join('')}`]);
  }
  for (const issue of named) {
    const why = issue.state === 'wontfix' ? `won't be fixed: ${issue.wontfixReason ?? 'no reason given'}` : `is still ${issue.state}`;
    lines.push(['Bad, because ', ...(issue.code ? [{ code: issue.code }, ' '] : []), ...codeSpans(issue.message), ` ${why}`]);
  }
  if (unresolved.total > named.length) lines.push([`Bad, because ${plural(unresolved.total - named.length, 'more issue')} ${unresolved.total - named.length === 1 ? 'is' : 'are'} open or won't be fixed`]);
  if (!lines.length) lines.push(['Neutral, because no issue was met and no gate was measured']);
  return lines;
}

function gateLine(g: GateResult): Line {
  return [`${g.title} (${g.rule}): ${GATE_ICON[g.verdict]}${g.detail ? `, ${g.detail}` : ''}`];
}
