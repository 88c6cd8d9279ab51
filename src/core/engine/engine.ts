// The engine, the composition root: it builds the journal, the terminals and
// the services of each domain once (context.ts), and serves the contract
// through the handlers, thin adapters over those services. Transports (a
// MessagePort in Electron, a WebSocket in the browser mode) hand it raw
// messages through `connect`; it validates every one.
import { join } from 'node:path';
import {
  notificationParams,
  requestParams,
  type ClientMessage,
  type NotificationMethod,
  type RequestMethod,
  type ServerMessage,
  type WireError,
} from '../../shared/contract';
import type { RestoreRecord } from '../../shared/model';
import type { ProcessInfo } from '../platform/processes/processTable';
import { ShellOwner } from '../platform/processes/shellOwner';
import { Journal, NotFoundError } from '../journal/journal';
import { JOURNAL_FILE } from '../platform/fs/paths';
import { issueKnowledge } from '../issues/explainIssue';
import { IssueService } from '../issues/issueService';
import { MetricsService } from '../metrics/service';
import { BisectService } from '../toolchain/bisectService';
import { MigrateService } from '../migrate/migrateService';
import { SnapshotStores } from '../snapshots';
import type { CargoJsonFilter } from '../runs/cargoJsonStep';
import { acquireDataDirLock } from './dataDirLock';
import { EngineFault } from './errors';
import { ParserService } from '../diagnostics/offThreadParser';
import { EventBus } from './eventBus';
import { JournalHealth, SERVED_WHILE_UNWRITABLE, watchJournal } from './journalHealth';
import { RunRecorder } from '../runs/runRecorder';
import { EditSteps } from '../steps/editSteps';
import { StepService } from '../steps/stepService';
import { StepTransitions } from '../steps/stepTransitions';
import { ToolchainRecorder } from '../steps/toolchainRecorder';
import type { TerminalClient } from '../terminals/terminalHost';
import { TerminalManager } from '../terminals/terminalManager';
import { loadReference, openServices, type EngineContext, type Reference } from './context';
import { createHandlers, type NotificationHandlers, type RequestHandlers } from './handlers';

export interface EngineOptions {
  dataDir: string;
  resourcesDir: string;
  host: 'electron' | 'server' | 'cli';
  version: string;
  /** better_sqlite3.node built for this runtime, when it is not Node's (Electron). */
  sqliteNativeBinding?: string;
  /** The built output-parser worker; without it, output is parsed on the engine's thread. */
  parserWorker?: string;
  /**
   * The words that start resources/cargo-json/filter.cjs (cargoJsonStep.ts).
   * Default under Node: this node and the script. Electron passes its own;
   * without it, step commands' cargo output is read from the terminal.
   */
  cargoJsonFilter?: readonly string[];
  /**
   * How long the terminals outlive the last client (the page) before they and
   * everything they run are ended; a reload reconnects well within it. Default 10 s.
   */
  lastClientGraceMs?: number;
  /** How long a client may leave a terminal paused without acknowledging its output before it stops holding it. Default 5 s. */
  stalledClientMs?: number;
  /**
   * Put each shell in a cgroup of its own where the system allows (default);
   * false leaves only the marker and the process tree to find what a shell started.
   */
  shellCgroups?: boolean;
}

export interface EngineConnection {
  receive(message: unknown): void;
  close(): void;
}

export interface ConnectOptions {
  /**
   * Terminal output waits for this client however long it takes to
   * acknowledge (the CLI: its stdout is the run's record), instead of leaving
   * it behind after a few seconds of silence, as a page that stopped reading is.
   */
  patient?: boolean;
}

/** A reload reconnects within this; a closed page's terminals end after it. */
const LAST_CLIENT_GRACE_MS = 10_000;

export class Engine {
  private readonly requests: RequestHandlers;
  private readonly notifications: NotificationHandlers;
  private readonly connections = new Set<EngineConnection>();
  private closed = false;
  /** Armed while no client is connected: ends the terminals if none comes back in time. */
  private orphanTimer: NodeJS.Timeout | undefined;
  /** Restores a crash cut short, settled before any request is served. */
  readonly startupRecovery: Promise<RestoreRecord[]>;
  /** The processes an earlier engine on this data directory left running, ended before any request is served. */
  readonly leftoversEnded: Promise<ProcessInfo[]>;

  private constructor(
    private readonly context: EngineContext,
    owner: ShellOwner,
    private readonly releaseLock: () => void,
  ) {
    ({ requests: this.requests, notifications: this.notifications } = createHandlers(context));
    // Recovery records its own failures in the rows; this catch is for a journal that cannot be read at all.
    this.startupRecovery = context.snapshots.recover().catch(() => []);
    this.leftoversEnded = owner.ready;
  }

  static open(options: EngineOptions): Engine {
    const reference = loadReference(options.resourcesDir);
    const releaseLock = acquireDataDirLock(options.dataDir);
    let opened: Journal;
    let owner: ShellOwner;
    try {
      // With the lock held, any shell of this data directory still running was left by an engine that died: it is ended.
      owner = new ShellOwner(options.dataDir, { cgroups: options.shellCgroups ?? true });
      opened = Journal.open(join(options.dataDir, JOURNAL_FILE), {
        nativeBinding: options.sqliteNativeBinding,
        recover: true,
      });
    } catch (error) {
      releaseLock();
      throw error;
    }
    return new Engine(Engine.compose(options, reference, opened, owner), owner, releaseLock);
  }

  /** Every part and service of the engine, each built once, on the journal `opened`. */
  private static compose(options: EngineOptions, reference: Reference, opened: Journal, owner: ShellOwner): EngineContext {
    const bus = new EventBus();
    // Every journal call goes through the watch: the first one the disk refuses tells every client, and the engine waits for the disk.
    const health = new JournalHealth({ journal: opened, bus });
    const journal = watchJournal(opened, health);
    const stores = new SnapshotStores(options.dataDir);
    const stepStates = new StepTransitions({ journal, bus });
    const parsers = new ParserService(options.parserWorker);
    const known = issueKnowledge(reference.breakages);
    // A command that changed the user's index (a commit, a checkout) leaves the next snapshot a new private index to build: built now.
    const recorder = new RunRecorder({ journal, bus, explain: known.explain, health, steps: stepStates, afterRun: (root) => stores.warmer.warm(root) });
    const terminals = new TerminalManager({
      bus,
      recorder,
      health,
      parsers,
      integrationDir: join(options.resourcesDir, 'shell-integration'),
      owner,
      stalledAfterMs: options.stalledClientMs,
      cargoJson: cargoJsonFilter(options),
    });
    const services = openServices({ ...options, reference, journal, bus, health, stores, terminals });
    const { snapshots } = services;
    const metrics = new MetricsService({ journal, bus, terminals });
    const bisections = new BisectService({ journal, bus });
    const migrations = new MigrateService({ journal, bus, snapshots, states: stepStates });
    const issues = new IssueService({ journal, bus, knowledge: known, terminals });
    const toolchains = new ToolchainRecorder({ journal });
    const steps = new StepService({ journal, snapshots, terminals, states: stepStates, toolchains });
    const editSteps = new EditSteps({ journal, bus, snapshots, states: stepStates, toolchains });
    return { ...reference, ...services, options, health, terminals, recorder, parsers, metrics, bisections, migrations, stepStates, toolchains, steps, editSteps, issues };
  }

  get journal(): Journal {
    return this.context.journal;
  }

  connect(send: (message: ServerMessage) => void, options: ConnectOptions = {}): EngineConnection {
    clearTimeout(this.orphanTimer);
    const unsubscribe = this.context.bus.subscribe((event, payload) => send({ type: 'event', event, payload }));
    const client: TerminalClient = { send, patient: options.patient ?? false };
    const connection: EngineConnection = {
      receive: (raw) => void this.handle(raw, client),
      close: () => {
        if (!this.connections.delete(connection)) return;
        unsubscribe();
        // A client that went away can no longer acknowledge output.
        this.context.terminals.forget(client);
        if (this.connections.size === 0) this.whenOrphaned();
      },
    };
    this.connections.add(connection);
    return connection;
  }

  /** The last client went away: unless one connects within the grace period, the terminals and all they run are ended. */
  private whenOrphaned(): void {
    if (this.closed) return;
    const graceMs = this.context.options.lastClientGraceMs ?? LAST_CLIENT_GRACE_MS;
    clearTimeout(this.orphanTimer);
    this.orphanTimer = setTimeout(() => {
      if (this.closed || this.connections.size > 0 || this.context.terminals.count === 0) return;
      console.error(`[stepwise] no client for ${graceMs / 1000} s: closing ${this.context.terminals.count} terminal(s) and what runs in them`);
      this.context.terminals.closeAll().catch((error: Error) => console.error(`[stepwise] could not close the terminals: ${error.message}`));
    }, graceMs);
    this.orphanTimer.unref(); // a host that is otherwise done (the CLI) does not wait for it
  }

  /** Resolves once background work (run trees, fix diffs, snapshot index warms, measurements) is done. */
  async settled(): Promise<void> {
    await this.context.terminals.settled();
    await this.context.recorder.settled();
    await this.context.snapshots.settled();
    await this.context.metrics.settled();
    await this.context.toolchains.settled();
  }

  /** Ends every terminal's process tree, snapshot index warm and run tree capture, and closes the journal. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.orphanTimer);
    await this.startupRecovery;
    await this.leftoversEnded;
    for (const connection of [...this.connections]) connection.close();
    // Ends their git now; a run ended by closeAll below starts none.
    await this.context.snapshots.close();
    await this.context.terminals.closeAll();
    // A bisection's cargo ended, its scratch copy removed: nothing of it outlives the engine.
    await this.context.bisections.close();
    await this.context.migrations.close();
    // A measurement whose run closeAll ended stops following it (journaled as unfinished) before the journal closes.
    await this.context.metrics.settled();
    // A last try for the runs that ended while the journal could not be written; those still held are named in the log.
    this.context.health.probe();
    this.context.health.close();
    await this.context.recorder.close();
    await this.context.parsers.dispose();
    // The toolchain after the last step moved it: waited for, so that it is in the guide.
    await this.context.toolchains.settled();
    this.context.journal.close();
    this.releaseLock();
  }

  private async handle(raw: unknown, caller: TerminalClient): Promise<void> {
    const message = raw as Partial<ClientMessage> | null;
    if (message?.type === 'notify') {
      this.notify(message.method, message.params, caller);
      return;
    }
    if (message?.type !== 'request' || typeof message.id !== 'number') return;
    const { id } = message;
    try {
      const result = await this.request(message.method, message.params, caller);
      caller.send({ type: 'response', id, ok: true, result });
    } catch (error) {
      caller.send({ type: 'response', id, ok: false, error: toWireError(error) });
    }
  }

  private async request(method: unknown, params: unknown, caller: TerminalClient): Promise<unknown> {
    if (this.closed) throw new EngineFault('io', 'the engine is shutting down');
    await this.startupRecovery;
    // No shell starts before what an earlier engine left is ended, nor before it is known whether shells get cgroups.
    await this.leftoversEnded;
    if (typeof method !== 'string' || !Object.hasOwn(requestParams, method)) {
      throw new EngineFault('unknown-method', `unknown method ${JSON.stringify(method)}`);
    }
    const name = method as RequestMethod;
    if (!this.context.health.writable && !SERVED_WHILE_UNWRITABLE.has(name)) throw this.context.health.refusal();
    const parsed = requestParams[name].safeParse(params ?? {});
    if (!parsed.success) throw invalidParams(name, parsed.error.issues);
    const handler = this.requests[name] as (p: unknown, caller: TerminalClient) => unknown;
    return handler(parsed.data, caller);
  }

  private notify(method: unknown, params: unknown, caller: TerminalClient): void {
    if (this.closed || typeof method !== 'string' || !Object.hasOwn(notificationParams, method)) return;
    const name = method as NotificationMethod;
    const parsed = notificationParams[name].safeParse(params);
    if (!parsed.success) return;
    try {
      (this.notifications[name] as (p: unknown, caller: TerminalClient) => void)(parsed.data, caller);
    } catch {
      // A keystroke for a terminal that just closed has nowhere to go.
    }
  }
}

function cargoJsonFilter(options: EngineOptions): CargoJsonFilter | undefined {
  const node = process.versions.electron ? undefined : [process.execPath, join(options.resourcesDir, 'cargo-json', 'filter.cjs')];
  const command = options.cargoJsonFilter ?? node;
  return command ? { messagesDir: join(options.dataDir, 'cargo-messages'), requestsDir: join(options.dataDir, 'cargo-capture'), command } : undefined;
}

function invalidParams(method: string, issues: { path: PropertyKey[]; message: string }[]): EngineFault {
  const detail = issues
    .map((i) => `${i.path.map(String).join('.') || 'params'}: ${i.message}`)
    .join('; ');
  return new EngineFault('invalid-params', `${method}: ${detail}`);
}

function toWireError(error: unknown): WireError {
  if (error instanceof EngineFault) return { code: error.code, message: error.message, ...(error.param !== undefined && { param: error.param }) };
  if (error instanceof NotFoundError) return { code: 'not-found', message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
