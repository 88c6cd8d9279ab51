import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { collectGuide, writeGuide, type GuideExport } from '../../core/guide/export';
import { knownBreakageOf } from '../../core/issues/explainIssue';
import { STEPWISE_VERSION as version } from '../../core/platform/stepwiseVersion';
import { DEFAULT_GUIDE_OPTIONS, GUIDE_FORMATS, GUIDE_SECTIONS, type GuideFormat, type GuideOptions, type GuideSection } from '../../shared/guide';
import { loadBreakages } from '../breakages';
import { CliError } from '../cliError';
import { SESSION_ARG_OPTIONS, sessionArg, sessionOf, withJournalForReading } from '../sessionArg';

export const EXPORT_USAGE = `stepwise export (--session ID | --project DIR) [--format md|html|json|adr|plan] [--out FILE]
                [--sections LIST | --omit LIST] [--no-excerpts] [--full-paths] [--no-redact]

  --session ID      the session to export (its id is in the app and in the guide)
  --project DIR     without --session: that project's latest session
  --format          md (default), html (one self-contained file), json (the full record), adr (MADR),
                    plan (the session as a plan file to replay, as "stepwise plan from-session" writes it)
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
      ...SESSION_ARG_OPTIONS,
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
  const which = sessionArg(values, 'export', EXPORT_USAGE);
  await withJournalForReading(async (journal, dataDir) => {
    const sessionId = sessionOf(journal, which);
    const known = knownBreakageOf(await loadBreakages(dataDir));
    const request: GuideExport = { journal, sessionId, format, options, known, home: homedir(), version };
    if (!values.out) {
      process.stdout.write(collectGuide(request).text);
    } else {
      const out = resolve(values.out);
      const bytes = await writeGuide(out, request);
      console.error(`Wrote the migration guide for session ${sessionId} to ${out} (${format}, ${bytes.toLocaleString('en')} bytes)`);
    }
  });
  return 0;
}

function parseFormat(value: string | undefined): GuideFormat {
  if (GUIDE_FORMATS.includes(value as GuideFormat)) return value as GuideFormat;
  throw new CliError(`--format must be one of ${GUIDE_FORMATS.join(', ')}, not "${value}"`);
}

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

