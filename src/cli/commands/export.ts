import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../../core/fs/atomicWrite';
import { renderMarkdownGuide } from '../../core/guide/markdown';
import { Journal } from '../../core/journal/journal';
import { sessionView } from '../../core/engine/sessionView';
import { issueExplainer } from '../../core/issues/explainIssue';
import { loadBuiltinBreakages } from '../../core/knowledge/breakages';
import { JOURNAL_FILE, resolveDataDir, resolveResourcesDir } from '../../core/paths';
import { STEPWISE_VERSION as version } from '../../core/version';
import { CliError } from '../cliError';

export async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { session: { type: 'string' }, out: { type: 'string' }, format: { type: 'string', default: 'md' } },
    strict: true,
  });
  if (!values.session) throw new CliError('export needs --session ID (the id is shown in the app and in the guide)');
  const sessionId = Number(values.session);
  if (!Number.isInteger(sessionId) || sessionId <= 0) throw new CliError(`--session must be a positive whole number, not "${values.session}"`);
  if (values.format !== 'md') throw new CliError(`--format ${values.format} is not supported yet; use md`);

  const file = join(resolveDataDir(), JOURNAL_FILE);
  if (!existsSync(file)) throw new CliError(`no journal at ${file} (set STEPWISE_HOME to the data directory you used)`, 1);
  const journal = Journal.open(file);
  try {
    const explain = issueExplainer(loadBuiltinBreakages(resolveResourcesDir()));
    const markdown = renderMarkdownGuide(sessionView(journal, sessionId, explain), { generatedAt: new Date(), version });
    if (!values.out) {
      process.stdout.write(markdown);
    } else {
      const out = resolve(values.out);
      await writeFileAtomic(out, markdown);
      console.error(`Wrote the migration guide for session ${sessionId} to ${out}`);
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'not-found') throw new CliError((error as Error).message, 1);
    throw error;
  } finally {
    journal.close();
  }
  return 0;
}
