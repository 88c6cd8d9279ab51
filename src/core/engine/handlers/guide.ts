import { isAbsolute } from 'node:path';
import { writeFileAtomic } from '../../fs/atomicWrite';
import { renderMarkdownGuide } from '../../guide/markdown';
import { EngineFault } from '../errors';
import { sessionView } from '../sessionView';
import type { EngineContext, RequestHandlers } from './index';

type GuideHandlers = Pick<RequestHandlers, 'run.output' | 'guide.export'>;

export function guideHandlers({ journal, options, explain }: EngineContext): GuideHandlers {
  return {
    'run.output': ({ runId }) => ({ runId, output: journal.runOutput(runId) }),
    'guide.export': async ({ sessionId, outPath }) => {
      const markdown = renderMarkdownGuide(sessionView(journal, sessionId, explain), {
        generatedAt: new Date(),
        version: options.version,
      });
      if (!outPath) return { markdown, path: null };
      if (!isAbsolute(outPath)) throw new EngineFault('invalid-params', `Export path must be absolute: "${outPath}"`);
      await writeFileAtomic(outPath, markdown).catch((error: Error) => {
        throw new EngineFault('io', error.message);
      });
      return { markdown, path: outPath };
    },
  };
}
