// The migration guide of a session, exported (guide.export): as text for a
// preview, or written to a file; and the session shipped as a git branch
// with the guide's pull-request text (guide.ship).
import { homedir } from 'node:os';
import { isAbsolute } from 'node:path';
import type { ParsedParams, RequestResults } from '../../shared/contract';
import { EngineFault } from '../engine/errors';
import { knownBreakageOf, type KnownBreakageOf } from '../issues/explainIssue';
import { Journal } from '../journal/journal';
import type { Breakage } from '../knowledge/breakages';
import { pullRequestText } from '../ship/prText';
import { shipSession, ShipRefused } from '../ship/ship';
import { formatShipReport } from '../../shared/ship/shipReport';
import { shellWord } from '../terminals/shellQuote';
import { collectGuide, writeGuide, type GuideExport } from './export';

export interface GuideServiceDeps {
  journal: Journal;
  /** The knowledge base's breakages, read when first used (engine/context.ts). */
  reference: { readonly breakages: Breakage[] };
  /** Stepwise's version, named in the guide. */
  version: string;
  /** better_sqlite3.node built for this runtime, for the export's own connection. */
  sqliteNativeBinding?: string;
}

export class GuideService {
  private known: KnownBreakageOf | undefined;

  constructor(private readonly deps: GuideServiceDeps) {}

  async export({ sessionId, format, options, outPath, maxChars }: ParsedParams<'guide.export'>): Promise<RequestResults['guide.export']> {
    const { journal, version, sqliteNativeBinding } = this.deps;
    if (outPath && !isAbsolute(outPath)) throw new EngineFault('invalid-params', `Export path must be absolute: "${outPath}"`);
    journal.sessions.get(sessionId); // not-found before anything else
    // Its own read-only connection: a long export neither holds the engine's
    // writer nor sees half of a transaction, and the engine's loop runs
    // between the chunks it writes.
    this.known ??= knownBreakageOf(this.deps.reference.breakages);
    const reader = Journal.open(journal.file, { readonly: true, nativeBinding: sqliteNativeBinding });
    const request: GuideExport = { journal: reader, sessionId, format, options, known: this.known, home: homedir(), version };
    try {
      if (!outPath) return { format, ...collectGuide(request, maxChars), path: null, bytes: null };
      const bytes = await writeGuide(outPath, request).catch((error: Error) => {
        throw new EngineFault('io', error.message);
      });
      return { format, text: null, truncated: false, path: outPath, bytes };
    } finally {
      reader.close();
    }
  }

  /** The session as a branch (ShipRefused in words), journaled as a run of the session so the guide records it. */
  async ship({ sessionId, branch, force }: ParsedParams<'guide.ship'>): Promise<RequestResults['guide.ship']> {
    const { journal, version } = this.deps;
    const { session } = journal.sessions.get(sessionId);
    const startedAt = new Date();
    let report;
    try {
      report = await shipSession({ journal, sessionId, branch, force });
    } catch (error) {
      if (error instanceof ShipRefused) throw new EngineFault('invalid-params', error.message);
      throw error;
    }
    this.known ??= knownBreakageOf(this.deps.reference.breakages);
    const pr = pullRequestText({ journal, sessionId, known: this.known, home: homedir(), version });
    const command = `stepwise ship --session ${sessionId} --branch ${shellWord(branch)}${force ? ' --force' : ''}`;
    const cwd = journal.projects.get(session.projectId).path;
    const run = journal.runs.start({ sessionId, stepId: null, origin: 'ship', command, cwd, startedAt });
    journal.runs.finish(run.id, { exitCode: 0, endedAt: new Date(), output: formatShipReport(report), passed: true });
    return { report, pr };
  }
}
