import { existsSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { collectGuide, writeGuide, type GuideExport } from '../../core/guide/export';
import type { Journal } from '../../core/journal/journal';
import { openJournalForReading } from '../../core/journal/readJournal';
import { knownBreakageOf } from '../../core/issues/explainIssue';
import type { Breakage } from '../../core/knowledge/breakages';
import { loadBreakagesCached } from '../../core/knowledge/breakagesCache';
import { checkDataDir, JOURNAL_FILE, resolveDataDir, resolveResourcesDir } from '../../core/platform/fs/paths';
import { STEPWISE_VERSION as version } from '../../core/platform/stepwiseVersion';
import { DEFAULT_GUIDE_OPTIONS, GUIDE_FORMATS, GUIDE_SECTIONS, type GuideFormat, type GuideOptions, type GuideSection } from '../../shared/guide';
import { bundleDir } from '../bundleDir';
import { CliError } from '../cliError';
import { wholeNumber } from '../params';

export const EXPORT_USAGE = `stepwise export (--session ID | --project DIR) [--format md|html|json|adr] [--out FILE]
                [--sections LIST | --omit LIST] [--no-excerpts] [--full-paths] [--no-redact]

  --session ID      the session to export (its id is in the app and in the guide)
  --project DIR     without --session: that project's latest session
  --format          md (default), html (one self-contained file), json (the full record), adr (MADR)
  --out FILE        write the guide there, atomically; without it, print it
  --sections LIST   only these sections, comma-separated: ${GUIDE_SECTIONS.join(',')}
  --omit LIST       every section but these
  --no-excerpts     leave out output excerpts (failed runs' output, diagnostic blocks)
  --full-paths      show paths under the home directory in full, not as ~
  --no-redact       keep values that look like secrets (tokens, passwords, URL credentials)`;

export async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      session: { type: 'string' },
      project: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'md' },
      sections: { type: 'string' },
      omit: { type: 'string' },
      'no-excerpts': { type: 'boolean', default: false },
      'full-paths': { type: 'boolean', default: false },
      'no-redact': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(EXPORT_USAGE);
    return 0;
  }
  const format = parseFormat(values.format);
  const options: GuideOptions = {
    sections: parseSections(values.sections, values.omit),
    excerpts: !values['no-excerpts'],
    tildeHome: !values['full-paths'],
    redactSecrets: !values['no-redact'],
  };
  if (!values.session && !values.project) throw new CliError(`export needs --session ID or --project DIR\n\n${EXPORT_USAGE}`);
  if (values.session && values.project) throw new CliError('give --session or --project, not both');

  const dataDir = resolveDataDir();
  checkDataDir(dataDir);
  const file = join(dataDir, JOURNAL_FILE);
  if (!existsSync(file)) throw new CliError(`no journal at ${file} (set STEPWISE_HOME to the data directory you used)`, 1);
  const reading = openJournalForReading(file);
  if (reading.note) console.error(`Note: ${reading.note}`);
  const { journal } = reading;
  try {
    const sessionId = values.session ? parseSessionId(values.session) : latestSessionOf(journal, values.project as string);
    journal.sessions.get(sessionId);
    const known = knownBreakageOf(await loadBreakages(dataDir));
    const request: GuideExport = { journal, sessionId, format, options, known, home: homedir(), version };
    if (!values.out) {
      process.stdout.write(collectGuide(request).text);
    } else {
      const out = resolve(values.out);
      const bytes = await writeGuide(out, request);
      console.error(`Wrote the migration guide for session ${sessionId} to ${out} (${format}, ${bytes.toLocaleString('en')} bytes)`);
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'not-found') throw new CliError((error as Error).message, 1);
    throw error;
  } finally {
    reading.close();
  }
  return 0;
}

/**
 * The knowledge base, kept parsed in the data directory by a built CLI (keyed
 * by the bundle's build, see breakagesCache.ts); run from source, parsed.
 */
async function loadBreakages(dataDir: string): Promise<Breakage[]> {
  const resourcesDir = resolveResourcesDir();
  const bundle = join(bundleDir(), 'cli.js');
  if (!existsSync(bundle)) return (await import('../../core/knowledge/breakages')).loadBuiltinBreakages(resourcesDir);
  const { mtimeMs, size } = statSync(bundle);
  return loadBreakagesCached({ resourcesDir, cacheDir: join(dataDir, 'cache'), buildId: `${mtimeMs}:${size}` });
}

function parseFormat(value: string | undefined): GuideFormat {
  if (GUIDE_FORMATS.includes(value as GuideFormat)) return value as GuideFormat;
  throw new CliError(`--format must be one of ${GUIDE_FORMATS.join(', ')}, not "${value}"`);
}

const parseSessionId = (value: string): number => wholeNumber(value, '--session');

function parseSections(only: string | undefined, omit: string | undefined): GuideSection[] {
  if (only && omit) throw new CliError('give --sections or --omit, not both');
  const list = (flag: string, text: string): GuideSection[] =>
    text.split(',').map((name) => {
      const section = name.trim();
      if (GUIDE_SECTIONS.includes(section as GuideSection)) return section as GuideSection;
      throw new CliError(`${flag}: no section "${section}"; the sections are ${GUIDE_SECTIONS.join(', ')}`);
    });
  if (only) return list('--sections', only);
  if (omit) {
    const left = list('--omit', omit);
    return DEFAULT_GUIDE_OPTIONS.sections.filter((s) => !left.includes(s));
  }
  return [...DEFAULT_GUIDE_OPTIONS.sections];
}

/** The latest session of the project at DIR (as the app opened it: absolute, symlinks resolved). */
function latestSessionOf(journal: Journal, dir: string): number {
  const path = resolve(dir.replace(/^~(?=$|\/)/, homedir()));
  if (!existsSync(path)) throw new CliError(`--project: no such folder ${path}`);
  const project = journal.projects.byPath(realpathSync(path));
  if (!project) throw new CliError(`--project: ${path} was never opened in Stepwise (no session in ${journal.file})`, 1);
  const session = journal.sessions.latest(project.id);
  if (!session) throw new CliError(`--project: ${path} has no session yet`, 1);
  return session.id;
}
