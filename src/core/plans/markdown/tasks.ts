// One `- [ ]` task of a Markdown plan -> its steps. The task's bold text (or its
// whole first line) is the title; nested plain bullets are a checklist; bash
// blocks give one command step per line, diff blocks one edit step per -/+
// pair, in the files the diff is for (diffTargets.ts; a diff for no file it can
// tell is a snippet); other code (toml, ...) is shown as a snippet on a manual step.
import type { MarkedToken, Tokens } from 'marked';
import type { EditSpec, Snippet } from '../../../shared/model';
import { escapeParameterRefs } from '../planSchema';
import { DIFF_LANGS, parseDiffBlock, parseShellBlock, SHELL_LANGS } from './codeBlocks';
import type { DiffParameters } from './diffParams';
import { diffTargets } from './diffTargets';
import type { SourceText } from './source';
import { inlineCode, plainInline, slugify } from './text';

export interface StepDraft {
  /** The id before the phase prefix and de-duplication. */
  idBase: string;
  /** 1-based Markdown line the step comes from. */
  line: number;
  title: string;
  kind: 'command' | 'edit' | 'manual';
  command?: string;
  edit?: EditSpec;
  checklist: string[];
  snippets: Snippet[];
  description: string;
  rollback: string;
  /**
   * An edit from a diff, or a toolchain command, with its versions as
   * parameter references: these fields are already plan text (every other
   * `${` escaped), and replace the literal ones in the plan.
   */
  templated?: { edit?: EditSpec; description?: string; command?: string };
}

export interface TaskContext {
  source: SourceText;
  /** 1-based lines of the list item. */
  firstLine: number;
  lastLine: number;
  /** The heading the task is under, which may name the files its diffs are for. */
  section: string;
  /** Collects the versions the plan's diffs change as its parameters. */
  params: DiffParameters;
  warn(line: number, message: string): void;
}

const MAX_TITLE = 120;

export function taskSteps(item: Tokens.ListItem, ctx: TaskContext): StepDraft[] {
  const tokens = item.tokens as MarkedToken[];
  const head = tokens.find((t): t is Tokens.Text | Tokens.Paragraph => t.type === 'text' || t.type === 'paragraph');
  const { title, description: headDescription } = splitTaskText(head?.text ?? '');
  if (!title) {
    ctx.warn(ctx.firstLine, 'a task with no text was skipped');
    return [];
  }

  const parts = collectParts(tokens.filter((t) => t !== head));
  const description = [headDescription, ...parts.notes].filter(Boolean).join('\n\n');
  const snippets: Snippet[] = [];
  /** Why a diff is shown rather than applied (each reason once), for the manual step's description. */
  const notes: string[] = [];
  const runnable: Omit<StepDraft, 'title' | 'rollback'>[] = [];
  const fenceLines = locateFences(parts.codes, ctx);

  parts.codes.forEach((code, index) => {
    const lang = (code.lang ?? '').trim().split(/\s+/)[0]!.toLowerCase();
    const blockLine = fenceLines[index];
    const lineOf = (offset: number): number => (blockLine === undefined ? ctx.firstLine : blockLine + 1 + offset);
    if (SHELL_LANGS.has(lang)) {
      const parsed = parseShellBlock(code.text);
      if (!parsed.ok) {
        ctx.warn(lineOf(parsed.offset), `the ${lang} block of "${title}" is shown as a snippet, not run: ${parsed.reason}`);
        snippets.push({ lang, text: code.text });
        return;
      }
      if (parsed.prompts.length > 0) ctx.warn(lineOf(parsed.prompts[0]!), `removed the "$ " prompt from ${parsed.prompts.length} command(s) of "${title}"`);
      for (const { command, comments, offset } of parsed.commands) {
        runnable.push({
          idBase: slugify(command, 40) || slugify(title),
          line: lineOf(offset),
          kind: 'command',
          command,
          checklist: [],
          snippets: [],
          description: comments.length > 0 ? comments.join('\n') : description,
        });
      }
    } else if (DIFF_LANGS.has(lang)) {
      const diff = parseDiffBlock(code.text);
      const targetOf = diffTargets(code.text, { task: title, section: ctx.section });
      let shown = false;
      const showDiff = (): void => {
        if (!shown) snippets.push({ lang, text: code.text });
        shown = true;
      };
      for (const pair of diff.pairs) {
        const target = targetOf(pair.offset, pair.find);
        if (!target.ok) {
          if (!notes.includes(target.reason)) {
            ctx.warn(lineOf(pair.offset), `the diff of "${title}" is shown as a snippet, not applied: ${target.reason}`);
            notes.push(target.reason);
          }
          showDiff();
          continue;
        }
        const edit = { replace: { find: pair.find, with: pair.with, files: target.files } };
        const templated = ctx.params.template(pair.find, pair.with, lineOf(pair.offset));
        runnable.push({
          idBase: slugify(title),
          line: lineOf(pair.offset),
          kind: 'edit',
          edit,
          checklist: [],
          snippets: [],
          description: [description, replaceSentence(edit.replace, target.where)].filter(Boolean).join('\n\n'),
          templated: {
            edit: { replace: { ...templated, files: target.files } },
            description: [escapeParameterRefs(description), replaceSentence(templated, target.where)].filter(Boolean).join('\n\n'),
          },
        });
      }
      for (const offset of diff.skipped) ctx.warn(lineOf(offset), `a diff line of "${title}" changes nothing (or removes an empty line): no edit made`);
      if (diff.unpaired.length > 0) {
        ctx.warn(lineOf(diff.unpaired[0]!), `the diff of "${title}" adds or removes lines without a counterpart: shown as a snippet, not applied`);
        showDiff();
      }
    } else {
      snippets.push({ lang, text: code.text });
    }
  });

  const drafts: Omit<StepDraft, 'title' | 'rollback'>[] = [];
  if (runnable.length === 0 || parts.checklist.length > 0 || snippets.length > 0) {
    const manual = [description, ...notes.map((reason) => `The diff below is to be applied by hand: ${reason}.`)].filter(Boolean).join('\n\n');
    drafts.push({ idBase: slugify(title), line: ctx.firstLine, kind: 'manual', checklist: parts.checklist, snippets, description: manual });
  }
  drafts.push(...runnable);
  return drafts.map((draft, i) => ({
    ...draft,
    idBase: draft.idBase || 'task',
    title: drafts.length > 1 ? `${title} (${i + 1}/${drafts.length})` : title,
    rollback: parts.rollback,
  }));
}

/** What an edit from a diff does, where: "Replace `a` with `b` in the project's Makefiles." */
function replaceSentence(replace: { find: string; with: string }, where: string): string {
  return `Replace ${inlineCode(replace.find)} with ${inlineCode(replace.with)} in ${where}, wherever it is found.`;
}

/** "**Title**: rest" -> title "Title", description "rest"; else the first line is the title. */
export function splitTaskText(text: string): { title: string; description: string } {
  const [first = '', ...rest] = text.split('\n');
  const bold = /^\s*(\*\*|__)(.+?)\1\s*(?:[:\-–—]\s*)?(.*)$/.exec(first);
  let title = plainInline(bold ? bold[2]! : first)
    .replace(/\s+/g, ' ')
    .replace(/\s*:$/, '')
    .trim();
  const more = [bold ? bold[3]!.trim() : '', ...rest.map((l) => l.trim())].filter(Boolean);
  if (title.length > MAX_TITLE) {
    more.unshift(title);
    title = `${title.slice(0, MAX_TITLE - 1).replace(/\s+\S*$/, '')}…`;
  }
  return { title, description: more.join('\n') };
}

interface TaskParts {
  codes: Tokens.Code[];
  checklist: string[];
  rollback: string;
  notes: string[];
}

/** Code blocks, nested bullets and extra paragraphs of a task, at any depth. */
function collectParts(tokens: MarkedToken[], parts: TaskParts = { codes: [], checklist: [], rollback: '', notes: [] }): TaskParts {
  for (const token of tokens) {
    switch (token.type) {
      case 'code':
        parts.codes.push(token);
        break;
      case 'list':
        for (const sub of token.items) {
          const subTokens = sub.tokens as MarkedToken[];
          const head = subTokens.find((t): t is Tokens.Text | Tokens.Paragraph => t.type === 'text' || t.type === 'paragraph');
          const text = (head?.text ?? '').replace(/\s*\n\s*/g, ' ').trim();
          const rollback = /^(?:\*\*|__)?(?:rollback|undo)(?:\s*:(?:\*\*|__)|(?:\*\*|__)?\s*:)\s*(\S.*)$/i.exec(text);
          if (rollback) parts.rollback = [parts.rollback, rollback[1]!.trim()].filter(Boolean).join('\n');
          else if (text) parts.checklist.push(text);
          collectParts(subTokens.filter((t) => t !== head), parts);
        }
        break;
      case 'paragraph':
      case 'text':
      case 'blockquote':
      case 'table':
      case 'html':
        if (token.raw.trim()) parts.notes.push(token.raw.trim());
        break;
      default:
        break;
    }
  }
  return parts;
}

/** The 1-based line of each fenced block's opening fence, when they can be matched up. */
function locateFences(codes: Tokens.Code[], ctx: TaskContext): (number | undefined)[] {
  const fenced = codes.filter((c) => c.codeBlockStyle !== 'indented');
  const lines = ctx.source.fencesBetween(ctx.firstLine, ctx.lastLine);
  if (lines.length !== fenced.length) return codes.map(() => undefined);
  let next = 0;
  return codes.map((c) => (c.codeBlockStyle === 'indented' ? undefined : lines[next++]));
}
