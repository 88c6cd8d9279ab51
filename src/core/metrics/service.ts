// Runs measurements and old-against-new checks in a session's terminal, one
// at a time per session (they share its shell), journals them and tells
// every client: progress while a measurement runs, the measurement and the
// gates judged again when it starts and ends.
import { stripAnsi } from '../../shared/ansi';
import type { MeasurementProgress, MetricsOverview, ParsedParams } from '../../shared/contract';
import type { MeasurementKind, MeasurementRecord, ToolchainComparison } from '../../shared/model';
import { EngineFault } from '../engine/errors';
import type { EventBus } from '../engine/eventBus';
import type { TerminalManager } from '../terminals/terminalManager';
import type { Journal } from '../journal/journal';
import { compareToolchains } from './compareToolchains';
import { evaluateGates, planGates } from './gates';
import { judgeIntegrity } from './integrity/judgeIntegrity';
import { takeMeasurement, type MeasureProgress } from './measure';
import { installedToolchains } from '../toolchain/rustup';

/** Build progress reaches clients at most this often; a new command at once. */
const PROGRESS_INTERVAL_MS = 100;

const DEFAULT_LABELS: Record<MeasurementKind, string> = { baseline: 'Baseline', after: 'After', adhoc: 'Ad hoc' };

export interface MetricsServiceDeps {
  journal: Journal;
  bus: EventBus;
  terminals: TerminalManager;
}

export class MetricsService {
  /** Sessions whose terminal a measurement or comparison is using. */
  private readonly busy = new Set<number>();
  private readonly progress = new Map<number, MeasurementProgress>();
  private readonly work = new Set<Promise<void>>();

  constructor(private readonly deps: MetricsServiceDeps) {}

  /** The measurements' side of the overview; the bisections are the engine's to add. */
  async overview(sessionId: number): Promise<Omit<MetricsOverview, 'bisections' | 'bisecting'>> {
    const { journal } = this.deps;
    return {
      measurements: journal.measurements.forSession(sessionId),
      gates: this.gates(sessionId),
      comparisons: journal.measurements.comparisons(sessionId),
      running: this.progress.get(sessionId) ?? null,
      toolchains: await installedToolchains(),
    };
  }

  async measure(params: ParsedParams<'metrics.measure'>): Promise<MeasurementRecord> {
    const { journal, bus } = this.deps;
    const { sessionId, terminalId } = params;
    const release = this.claim(sessionId, terminalId);
    let measurement: MeasurementRecord;
    try {
      const version = await this.deps.terminals.runToEnd(sessionId, terminalId, { command: 'rustc -V', origin: 'measurement' });
      const toolchain = version.run.exitCode === 0 ? firstLine(version.output) : `unknown (rustc -V exited with ${version.run.exitCode ?? 'no exit code'})`;
      measurement = journal.measurements.add(sessionId, { kind: params.kind, label: params.label || DEFAULT_LABELS[params.kind], toolchain });
    } catch (error) {
      release();
      throw error;
    }
    bus.emit('metrics.changed', { sessionId, measurement, gates: this.gates(sessionId) });
    this.track(this.follow(measurement, params).finally(release));
    return measurement;
  }

  async compare(params: ParsedParams<'metrics.compareToolchains'>): Promise<ToolchainComparison> {
    const { journal, bus, terminals } = this.deps;
    const release = this.claim(params.sessionId, params.terminalId);
    try {
      const io = { run: (command: string) => terminals.runToEnd(params.sessionId, params.terminalId, { command, origin: 'comparison' }) };
      const result = await compareToolchains(io, params.old, params.new, params.args);
      const comparison = journal.measurements.addComparison(params.sessionId, { args: params.args, ...result });
      bus.emit('metrics.compared', comparison);
      return comparison;
    } finally {
      release();
    }
  }

  /** Resolves once no measurement is running (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.work.size > 0) await Promise.all([...this.work]);
  }

  private gates(sessionId: number): MetricsOverview['gates'] {
    const { journal } = this.deps;
    return evaluateGates(planGates(journal.sessions.get(sessionId).plan), journal.measurements.forSession(sessionId));
  }

  private claim(sessionId: number, terminalId: string): () => void {
    this.deps.terminals.checkSession(sessionId, terminalId);
    if (this.busy.has(sessionId)) throw new EngineFault('busy', 'A measurement is already running in this session; wait for it or stop it with Ctrl+C');
    this.busy.add(sessionId);
    return () => this.busy.delete(sessionId);
  }

  private track(work: Promise<void>): void {
    this.work.add(work);
    void work.finally(() => this.work.delete(work));
  }

  private async follow(measurement: MeasurementRecord, params: ParsedParams<'metrics.measure'>): Promise<void> {
    const { journal, bus, terminals } = this.deps;
    const { sessionId, terminalId } = params;
    const root = journal.projects.get(journal.sessions.get(sessionId).session.projectId).path;
    const emitProgress = throttledProgress((p) => {
      const progress = { sessionId, measurementId: measurement.id, ...p };
      this.progress.set(sessionId, progress);
      bus.emit('metrics.progress', progress);
    });
    try {
      const result = await takeMeasurement(
        { root, run: (command, onOutput) => terminals.runToEnd(sessionId, terminalId, { command, onOutput, origin: 'measurement' }), progress: emitProgress },
        { runs: params.runs, clean: params.clean, runtime: params.runtime, image: params.image, what: params.what, testRunner: params.testRunner },
      );
      emitProgress.cancel();
      // Judged before the after is finished, so that it never reads as finished and unjudged.
      const integrity = measurement.kind === 'after' ? await judgeIntegrity(journal, measurement, root) : null;
      let finished = journal.measurements.finish(measurement.id, result);
      if (integrity) finished = journal.measurements.setIntegrity(measurement.id, integrity);
      bus.emit('metrics.changed', { sessionId, measurement: finished, gates: this.gates(sessionId) });
    } catch (error) {
      // The journal closed under it (shutdown): the measurement stays unfinished, shown as interrupted.
      console.error(`[stepwise] measurement ${measurement.id} did not finish: ${(error as Error).message}`);
    } finally {
      emitProgress.cancel();
      this.progress.delete(sessionId);
    }
  }
}

function firstLine(output: string): string {
  return stripAnsi(output).trim().split(/\r?\n/)[0]?.trim() || 'unknown';
}

/** A new command is reported at once; build progress within a command at most every PROGRESS_INTERVAL_MS, the latest last. */
function throttledProgress(emit: (p: MeasureProgress) => void): ((p: MeasureProgress) => void) & { cancel(): void } {
  let last: MeasureProgress | null = null;
  let lastAt = 0;
  let timer: NodeJS.Timeout | null = null;
  const send = (p: MeasureProgress): void => {
    last = p;
    lastAt = Date.now();
    emit(p);
  };
  const report = (p: MeasureProgress): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    const wait = PROGRESS_INTERVAL_MS - (Date.now() - lastAt);
    if (last?.step !== p.step || wait <= 0) send(p);
    else timer = setTimeout(() => send(p), wait);
  };
  return Object.assign(report, {
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  });
}
