// Walks a Markdown plan's top-level blocks and sorts them out: "Phase N"
// headings open phases (their sub-headings are sections, whose **Timeline**
// and **Risk** lines apply to the steps under them); `- [ ]` tasks outside the
// phases go to extra phases named after their headings; a "Rollback" section
// is kept as Markdown; the rest is narrative, kept as the plan's description.
import { Lexer, type MarkedToken, type Tokens } from 'marked';
import type { Risk } from '../../../shared/model';
import type { DiffParameters } from './diffParams';
import type { SourceText } from './source';
import { taskSteps, type StepDraft } from './tasks';
import { cleanTitle, parseRisk, splitTrailingParenthetical } from './text';

export interface PhaseDraft {
  title: string;
  /** N of a "Phase N" heading; null for the extra phases. */
  number: number | null;
  line: number;
  /** The heading's parenthetical, e.g. "Week 1". */
  note: string;
  sections: SectionDraft[];
  /** Markdown met in the phase that is neither a task nor metadata. */
  other: string[];
  steps: (StepDraft & { risk: Risk; estimate: string })[];
}

interface Meta {
  estimate?: string;
  risk?: { value: string; line: number };
  riskWarned?: boolean;
}

export interface SectionDraft {
  title: string;
  meta: Meta;
  sub?: boolean;
}

export interface Outline {
  title: string | null;
  phases: PhaseDraft[];
  /** Markdown of the rollback section(s), without their heading. */
  rollback: string;
  /** Markdown of the narrative sections (summary, risks, ...), headings kept. */
  narrative: string;
}

type Warn = (line: number, message: string) => void;

/** A heading (level > 0) or content (level 0) of the narrative; blank content is whitespace only. */
interface NarrativeEntry {
  heading: number;
  raw: string;
  blank: boolean;
}

const META_LINE = /^\s*(\*\*|__)\s*(timeline|estimate|duration|effort|risk|risk level)\s*:?\s*\1\s*:?\s*(.*?)\s*$/i;
const LABEL_LINE = /^\s*(\*\*|__)[^*_]+\1\s*:?\s*$|^\s*(\*\*|__)[^*_]+:\2\s*$/;

export function outline(source: SourceText, warn: Warn, params: DiffParameters): Outline {
  const tokens = new Lexer({ gfm: true }).lex(source.text) as MarkedToken[];
  const phases: PhaseDraft[] = [];
  const extraPhases = new Map<string, PhaseDraft>();
  const narrative: NarrativeEntry[] = [];
  const rollback: string[] = [];
  let title: string | null = null;
  let stack: { level: number; title: string }[] = [];
  let phase: { level: number; draft: PhaseDraft; meta: Meta; section: SectionDraft | null; top: SectionDraft | null; sectionLevel: number } | null = null;
  let sawHeading = false;
  let rollbackLevel: number | null = null;
  let rollbackTasksWarned = false;
  let outside: { key: string; meta: Meta } = { key: '', meta: {} };

  const currentMeta = (): Meta => (phase ? (phase.section?.meta ?? phase.meta) : outside.meta);

  const riskOf = (meta: Meta): Risk => {
    if (!meta.risk) return 'low';
    const risk = parseRisk(meta.risk.value);
    if (risk) return risk;
    if (!meta.riskWarned) warn(meta.risk.line, `risk "${meta.risk.value}" is not low, medium or high: using low`);
    meta.riskWarned = true;
    return 'low';
  };

  const targetPhase = (line: number): PhaseDraft => {
    if (phase) return phase.draft;
    let draft = extraPhases.get(outside.key);
    if (!draft) {
      draft = { title: outside.key || 'Checklist', number: null, line, note: '', sections: [], other: [], steps: [] };
      extraPhases.set(outside.key, draft);
      phases.push(draft);
    }
    return draft;
  };

  let offset = 0;
  for (const token of tokens) {
    const start = offset;
    offset += token.raw.length;
    const line = source.lineAt(start + (token.raw.length - token.raw.trimStart().length));

    if (token.type === 'heading') {
      const text = cleanTitle(token.text);
      const first = !sawHeading;
      sawHeading = true;
      if (token.depth === 1 && first) {
        title = text;
        stack = [];
        continue;
      }
      while (stack.length > 0 && stack[stack.length - 1]!.level >= token.depth) stack.pop();
      stack.push({ level: token.depth, title: text });
      if (phase && token.depth <= phase.level) phase = null;
      if (rollbackLevel !== null && token.depth <= rollbackLevel) rollbackLevel = null;

      if (rollbackLevel !== null) {
        rollback.push(token.raw);
      } else if (phase) {
        if (!phase.top || token.depth <= phase.sectionLevel) {
          phase.top = { title: text, meta: { ...phase.meta, riskWarned: false } };
          phase.section = phase.top;
          phase.sectionLevel = token.depth;
        } else {
          // A heading inside a section: a sub-section that starts from the section's metadata.
          phase.section = { title: text, meta: { ...phase.top.meta, riskWarned: false }, sub: true };
        }
        phase.draft.sections.push(phase.section);
      } else if (/\brollback\b/i.test(text)) {
        // Checked before "Phase N": a rollback procedure is never made runnable.
        rollbackLevel = token.depth;
        if (rollback.length > 0) rollback.push('\n\n');
      } else if (/^phase\s+(\d+)\b/i.test(text)) {
        const { title: phaseTitle, note } = splitTrailingParenthetical(text);
        const draft: PhaseDraft = { title: phaseTitle, number: Number(/\d+/.exec(text)![0]), line, note, sections: [], other: [], steps: [] };
        phases.push(draft);
        phase = { level: token.depth, draft, meta: {}, section: null, top: null, sectionLevel: 0 };
      } else {
        narrative.push({ heading: token.depth, raw: token.raw, blank: false });
        outside = { key: stack.map((h) => h.title).filter(Boolean).join(': '), meta: {} };
      }
      continue;
    }

    if (rollbackLevel !== null) {
      rollback.push(token.raw);
      if (!rollbackTasksWarned && token.type === 'list' && token.items.some((i) => i.task)) {
        warn(line, 'tasks in the rollback section are kept in the rollback text, not made into steps');
        rollbackTasksWarned = true;
      }
      continue;
    }

    switch (token.type) {
      case 'space':
        if (!phase) narrative.push({ heading: 0, raw: token.raw, blank: true });
        break;
      case 'paragraph': {
        const lines = token.raw.trim().split('\n');
        let metaOnly = true;
        for (const [i, text] of lines.entries()) {
          const meta = META_LINE.exec(text);
          if (meta) applyMeta(currentMeta(), meta[2]!, meta[3]!, line + i);
          else if (!LABEL_LINE.test(text)) metaOnly = false;
        }
        if (!phase) narrative.push({ heading: 0, raw: token.raw, blank: false });
        else if (!metaOnly) phase.draft.other.push(token.raw.trim());
        break;
      }
      case 'list':
        addList(token, start);
        break;
      case 'code':
        if (phase) {
          warn(line, 'a code block outside any task is shown in the phase description, not run');
          phase.draft.other.push(token.raw.trim());
        } else {
          narrative.push({ heading: 0, raw: token.raw, blank: false });
        }
        break;
      default:
        if (phase) {
          if (token.type !== 'hr' && token.raw.trim()) phase.draft.other.push(token.raw.trim());
        } else {
          narrative.push({ heading: 0, raw: token.raw, blank: !token.raw.trim() });
        }
    }
  }

  function addList(list: Tokens.List, start: number): void {
    const plain: string[] = [];
    let cursor = start;
    const addTask = (item: Tokens.ListItem): void => {
      const at = source.locate(item.raw, cursor);
      cursor = at;
      const firstLine = source.lineAt(at);
      const lastLine = firstLine + item.raw.trimEnd().split('\n').length - 1;
      const section = phase ? (phase.section?.title ?? phase.draft.title) : outside.key;
      const steps = taskSteps(item, { source, firstLine, lastLine, section, params, warn });
      if (steps.length === 0) return;
      const meta = currentMeta();
      const target = targetPhase(firstLine);
      for (const step of steps) target.steps.push({ ...step, risk: riskOf(meta), estimate: meta.estimate ?? '' });
    };
    for (const item of list.items) {
      if (item.task) {
        addTask(item);
        continue;
      }
      // A plain bullet that groups tasks ("- Backend:\n  - [ ] ..."): the tasks still count.
      const nested = nestedTasks(item);
      if (nested.length > 0) nested.forEach(addTask);
      else plain.push(item.raw.trimEnd());
    }
    if (plain.length === 0) return;
    const raw = plain.length === list.items.length ? list.raw : `${plain.join('\n')}\n`;
    if (phase) phase.draft.other.push(raw.trim());
    else narrative.push({ heading: 0, raw, blank: false });
  }

  return {
    title,
    phases,
    rollback: rollback.join('').trim(),
    narrative: renderNarrative(narrative),
  };
}

/** Task items under a plain list item, at any depth (a task's own sub-items stay with it). */
function nestedTasks(item: Tokens.ListItem): Tokens.ListItem[] {
  const found: Tokens.ListItem[] = [];
  for (const token of item.tokens as MarkedToken[]) {
    if (token.type !== 'list') continue;
    for (const sub of token.items) {
      if (sub.task) found.push(sub);
      else found.push(...nestedTasks(sub));
    }
  }
  return found;
}

function applyMeta(meta: Meta, key: string, value: string, line: number): void {
  if (!value) return;
  if (/^risk/i.test(key)) meta.risk = { value, line };
  else meta.estimate = value;
  meta.riskWarned = false;
}

/** The narrative as written, less the headings with nothing under them (their content became phases). */
function renderNarrative(entries: NarrativeEntry[]): string {
  // A heading stays when anything is under it, however deep.
  const keep = entries.map((entry, i) => {
    if (entry.heading === 0) return true;
    for (let j = i + 1; j < entries.length; j++) {
      const next = entries[j]!;
      if (next.heading !== 0 && next.heading <= entry.heading) return false;
      if (next.heading === 0 && !next.blank) return true;
    }
    return false;
  });
  return entries
    .filter((_, i) => keep[i])
    .map((e) => e.raw)
    .join('')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
