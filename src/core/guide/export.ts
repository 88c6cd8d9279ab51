// One guide export: gather the session from the journal, render it in the
// asked format as a stream of chunks, and either write it (atomically,
// chunk by chunk) or collect it (whole, or a preview's first characters).
import type { GuideFormat, GuideOptions } from '../../shared/guide';
import { writeChunksAtomic } from '../platform/fs/atomicWrite';
import type { KnownBreakageOf } from '../issues/explainIssue';
import type { Journal } from '../journal/journal';
import { EngineFault } from '../engine/errors';
import { NothingToReplayError, replayPlanYaml } from '../plans/fromSession';
import { gatherGuide } from './gather';
import { guideAdr } from './render/adr';
import { guideDocument } from './render/document';
import { htmlWriter } from './render/htmlWriter';
import { guideJson } from './render/json';
import { markdownWriter } from './render/markdownWriter';

export interface GuideExport {
  journal: Journal;
  sessionId: number;
  format: GuideFormat;
  options: GuideOptions;
  /** The known breakage of an issue (issues/explainIssue.ts). */
  known: KnownBreakageOf;
  /** Shown as `~` when options.tildeHome. */
  home: string;
  version: string;
  generatedAt?: Date;
}

/** The guide, chunk by chunk: nothing is read from the journal before it is needed. */
export function guideChunks(request: GuideExport): Iterable<string> {
  if (request.format === 'plan') return [replayPlanText(request)];
  const model = gatherGuide({ ...request, generatedAt: request.generatedAt ?? new Date() });
  switch (request.format) {
    case 'md':
      return guideDocument(model, markdownWriter);
    case 'html':
      return guideDocument(model, htmlWriter);
    case 'json':
      return guideJson(model);
    case 'adr':
      return guideAdr(model, markdownWriter);
  }
}

function replayPlanText({ journal, sessionId }: GuideExport): string {
  try {
    return replayPlanYaml(journal, sessionId).yaml;
  } catch (error) {
    if (error instanceof NothingToReplayError) throw new EngineFault('invalid-params', error.message);
    throw error;
  }
}

/** Writes the guide to `path` (all of it or nothing); the bytes written. */
export function writeGuide(path: string, request: GuideExport): Promise<number> {
  return writeChunksAtomic(path, guideChunks(request));
}

/** The guide as text; with `maxChars`, only its beginning (a preview stops reading there). */
export function collectGuide(request: GuideExport, maxChars = Infinity): { text: string; truncated: boolean } {
  const parts: string[] = [];
  let size = 0;
  for (const chunk of guideChunks(request)) {
    parts.push(chunk);
    size += chunk.length;
    if (size > maxChars) return { text: parts.join('').slice(0, maxChars), truncated: true };
  }
  return { text: parts.join(''), truncated: false };
}
