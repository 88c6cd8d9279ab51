import { homedir } from 'node:os';
import { isAbsolute } from 'node:path';
import { collectGuide, writeGuide, type GuideExport } from '../../guide/export';
import { knownBreakageOf } from '../../issues/explainIssue';
import { Journal } from '../../journal/journal';
import { EngineFault } from '../errors';
import type { EngineContext, RequestHandlers } from './index';

type GuideHandlers = Pick<RequestHandlers, 'run.output' | 'guide.export'>;

export function guideHandlers({ journal, options, breakages }: EngineContext): GuideHandlers {
  const known = knownBreakageOf(breakages);
  return {
    'run.output': ({ runId }) => ({ runId, output: journal.runs.output(runId), sizes: journal.runs.outputSizes(runId) }),
    'guide.export': async ({ sessionId, format, options: guide, outPath, maxChars }) => {
      if (outPath && !isAbsolute(outPath)) throw new EngineFault('invalid-params', `Export path must be absolute: "${outPath}"`);
      journal.sessions.get(sessionId); // not-found before anything else
      // Its own read-only connection: a long export neither holds the engine's
      // writer nor sees half of a transaction, and the engine's loop runs
      // between the chunks it writes.
      const reader = Journal.open(journal.file, { readonly: true, nativeBinding: options.sqliteNativeBinding });
      const request: GuideExport = { journal: reader, sessionId, format, options: guide, known, home: homedir(), version: options.version };
      try {
        if (!outPath) return { format, ...collectGuide(request, maxChars), path: null, bytes: null };
        const bytes = await writeGuide(outPath, request).catch((error: Error) => {
          throw new EngineFault('io', error.message);
        });
        return { format, text: null, truncated: false, path: outPath, bytes };
      } finally {
        reader.close();
      }
    },
  };
}
