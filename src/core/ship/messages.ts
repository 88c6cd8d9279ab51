// Commit messages of a shipped branch, written from the journal: what the
// step is (its title and the plan's words for it), what it ran or edited,
// and the issues the change fixed. Pure.
import type { IssueRecord, PlanStep, RunRecord } from '../../shared/model';

export const BLAME_IGNORE_FILE = '.git-blame-ignore-revs';
export const BLAME_IGNORE_COMMENT = '# stepwise: formatting';
export const OUTSIDE_SUBJECT = "Changes made outside Stepwise's steps";

export interface StepWork {
  sessionId: number;
  planTitle: string;
  /** Null for a fix or the user's changes. */
  step: PlanStep | null;
  /** The subject when there is no step (a one-click fix). */
  title: string;
  runs: RunRecord[];
  /** Files its edits changed, as journaled. */
  editedFiles: string[];
  fixed: IssueRecord[];
  files: string[];
  /** Earlier changes made by hand to these files, carried because the step's change needs them. */
  carried: boolean;
}

const SUBJECT_MAX = 72;

function subject(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= SUBJECT_MAX ? line : `${line.slice(0, SUBJECT_MAX - 1)}…`;
}

function fileList(files: string[], max = 20): string[] {
  const shown = files.slice(0, max).map((f) => `- ${f}`);
  if (files.length > max) shown.push(`- … and ${files.length - max} more`);
  return shown;
}

/** The first paragraph of a step's Markdown description, as plain lines. */
function firstParagraph(markdown: string): string {
  return (markdown.trim().split(/\n\s*\n/)[0] ?? '').trim();
}

function issueLine(issue: IssueRecord): string {
  const code = issue.code ? `[${issue.code}]` : '';
  const where = issue.file ? ` (${issue.file}${issue.line ? `:${issue.line}` : ''})` : '';
  return `- ${issue.severity}${code}: ${issue.message}${where}`;
}

function trailers(work: Pick<StepWork, 'sessionId' | 'step'>): string[] {
  return [`Stepwise-Session: ${work.sessionId}`, ...(work.step ? [`Stepwise-Step: ${work.step.id}`] : [])];
}

/** The message of a step's (or fix's) commit of its real changes. */
export function stepMessage(work: StepWork): string {
  const body: string[] = [];
  const what = work.step ? `Step "${work.step.id}" of the plan "${work.planTitle}".` : `${work.title}, during the plan "${work.planTitle}".`;
  body.push(what);
  const about = work.step ? firstParagraph(work.step.description) : '';
  if (about) body.push('', about);
  const ran = work.runs.map((r) => `- \`${r.command}\`${r.exitCode === null ? '' : ` (exit ${r.exitCode})`}`);
  if (ran.length) body.push('', 'Ran:', ...ran);
  if (work.editedFiles.length) body.push('', 'Edited (shown as a diff and applied after a snapshot):', ...fileList(work.editedFiles));
  if (work.fixed.length) body.push('', 'Fixed:', ...work.fixed.map(issueLine));
  body.push('', 'Files:', ...fileList(work.files));
  if (work.carried) body.push('', 'It also carries changes made by hand to these files before this step, which its change builds on.');
  return `${subject(work.title)}\n\n${body.join('\n')}\n\n${trailers(work).join('\n')}\n`;
}

/** The message of a step's formatting-only commit. */
export function formattingMessage(work: StepWork, wholeStep: boolean): string {
  const why = wholeStep
    ? 'The step formats the code: its changes are kept in a commit of their own'
    : 'These files changed by whitespace and blank lines only (git diff -w --ignore-blank-lines shows nothing)';
  const ran = work.runs.map((r) => `- \`${r.command}\``);
  const body = [`${why}, listed in ${BLAME_IGNORE_FILE} so that git blame looks past it.`];
  if (ran.length) body.push('', 'Ran:', ...ran);
  body.push('', 'Files:', ...fileList(work.files));
  return `${subject(`Formatting: ${work.title}`)}\n\n${body.join('\n')}\n\n${trailers(work).join('\n')}\n`;
}

/** The message of the commit of changes no step made. */
export function outsideMessage(sessionId: number, files: string[], typed: string[]): string {
  const body = ['What the project holds at the end of the session that no step of it changed: edits made by hand or by commands typed in the terminal, and uncommitted work it started with.'];
  if (typed.length) body.push('', 'Commands typed in the terminal during the session:', ...typed.map((c) => `- \`${c}\``));
  body.push('', 'Files:', ...fileList(files));
  return `${OUTSIDE_SUBJECT}\n\n${body.join('\n')}\n\nStepwise-Session: ${sessionId}\n`;
}

/** `.git-blame-ignore-revs` extended with the formatting commits, under a comment line saying where they come from. */
export function blameIgnoreContent(existing: string | null, shas: string[]): string {
  const before = existing === null || existing === '' ? '' : existing.endsWith('\n') ? `${existing}\n` : `${existing}\n\n`;
  return `${before}${BLAME_IGNORE_COMMENT}\n${shas.map((s) => `${s}\n`).join('')}`;
}

export function blameIgnoreMessage(sessionId: number, shas: string[]): string {
  return `List the formatting commits in ${BLAME_IGNORE_FILE}\n\ngit blame skips them (git config blame.ignoreRevsFile ${BLAME_IGNORE_FILE}; GitHub reads it by itself):\n${shas.map((s) => `- ${s}`).join('\n')}\n\nStepwise-Session: ${sessionId}\n`;
}

/** Whether a command formats code: `cargo fmt` (any toolchain, any flags but --check) or rustfmt. */
export function isFormatCommand(command: string): boolean {
  if (/(^|\s)--check(\s|$)/.test(command)) return false;
  return /(^|[;&|]\s*)(cargo\s+(\+\S+\s+)?fmt|rustfmt)(\s|$)/.test(command.trim());
}
