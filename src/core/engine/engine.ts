// The engine: one journal, the terminals, and the handlers of the contract.
// Transports (a MessagePort in Electron, a WebSocket in the browser mode)
// hand it raw messages through `connect`; it validates every one.
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
import { readHostSystem } from '../hostSystem';
import { Journal, NotFoundError } from '../journal/journal';
import { JOURNAL_FILE } from '../paths';
import { issueExplainer } from '../issues/explainIssue';
import { loadBuiltinBreakages } from '../knowledge/breakages';
import { loadBuiltinCompatibility } from '../knowledge/compatibility';
import { PlanRegistry } from '../plans/registry';
import { SnapshotService } from '../snapshots';
import { acquireDataDirLock } from './dataDirLock';
import { EngineFault } from './errors';
import { ParserService } from '../diagnostics/offThreadParser';
import { EventBus } from './eventBus';
import { recoverRestores } from './restores';
import { RunRecorder } from './runRecorder';
import { createHandlers, type EngineContext, type NotificationHandlers, type RequestHandlers } from './handlers';
import { TerminalManager } from './terminalManager';

export interface EngineOptions {
  dataDir: string;
  resourcesDir: string;
  host: 'electron' | 'server' | 'cli';
  version: string;
  /** better_sqlite3.node built for this runtime, when it is not Node's (Electron). */
  sqliteNativeBinding?: string;
  /** The built output-parser worker; without it, output is parsed on the engine's thread. */
  parserWorker?: string;
}

export interface EngineConnection {
  receive(message: unknown): void;
  close(): void;
}

export class Engine {
  private readonly requests: RequestHandlers;
  private readonly notifications: NotificationHandlers;
  private readonly connections = new Set<EngineConnection>();
  private closed = false;
  /** Restores a crash cut short, settled before any request is served. */
  readonly startupRecovery: Promise<RestoreRecord[]>;

  private constructor(
    private readonly context: EngineContext,
    private readonly releaseLock: () => void,
  ) {
    ({ requests: this.requests, notifications: this.notifications } = createHandlers(context));
    // recoverRestores records its own failures in the rows; this catch is for a journal that cannot be read at all.
    this.startupRecovery = recoverRestores(context).catch(() => []);
  }

  static open(options: EngineOptions): Engine {
    const plans = new PlanRegistry(options.resourcesDir);
    const knowledge = loadBuiltinCompatibility(options.resourcesDir);
    const breakages = loadBuiltinBreakages(options.resourcesDir);
    const system = readHostSystem();
    const releaseLock = acquireDataDirLock(options.dataDir);
    let journal: Journal;
    try {
      journal = Journal.open(join(options.dataDir, JOURNAL_FILE), {
        nativeBinding: options.sqliteNativeBinding,
        recover: true,
      });
    } catch (error) {
      releaseLock();
      throw error;
    }
    const bus = new EventBus();
    const explain = issueExplainer(breakages);
    const snapshots = new SnapshotService(options.dataDir);
    // A command that changed the user's index (a commit, a checkout) leaves the next snapshot a new private index to build: built now.
    const recorder = new RunRecorder({ journal, bus, explain, afterRun: (root) => snapshots.warmer.warm(root) });
    const parsers = new ParserService(options.parserWorker);
    const terminals = new TerminalManager({
      journal,
      bus,
      recorder,
      parsers,
      integrationScript: join(options.resourcesDir, 'shell-integration', 'bash.sh'),
      cargoJson: {
        messagesDir: join(options.dataDir, 'cargo-messages'),
        script: join(options.resourcesDir, 'cargo-json', 'filter.cjs'),
        runtime: process.execPath,
        electron: process.versions.electron !== undefined,
      },
    });
    return new Engine(
      { options, journal, bus, terminals, recorder, parsers, snapshots, plans, knowledge, breakages, explain, system },
      releaseLock,
    );
  }

  get journal(): Journal {
    return this.context.journal;
  }

  connect(send: (message: ServerMessage) => void): EngineConnection {
    const unsubscribe = this.context.bus.subscribe((event, payload) => send({ type: 'event', event, payload }));
    const connection: EngineConnection = {
      receive: (raw) => void this.handle(raw, send),
      close: () => {
        unsubscribe();
        this.connections.delete(connection);
        // A client that went away can no longer acknowledge output.
        this.context.terminals.resetFlowControl();
      },
    };
    this.connections.add(connection);
    return connection;
  }

  /** Resolves once background work (run trees, fix diffs, snapshot index warms) is done. */
  async settled(): Promise<void> {
    await this.context.terminals.settled();
    await this.context.recorder.settled();
    await this.context.snapshots.warmer.settled();
  }

  /** Ends every terminal's process tree, snapshot index warm and run tree capture, and closes the journal. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.startupRecovery;
    for (const connection of [...this.connections]) connection.close();
    // Ends their git now; a run ended by closeAll below starts none.
    await this.context.snapshots.warmer.close();
    await this.context.terminals.closeAll();
    await this.context.recorder.close();
    await this.context.parsers.dispose();
    this.context.journal.close();
    this.releaseLock();
  }

  private async handle(raw: unknown, send: (message: ServerMessage) => void): Promise<void> {
    const message = raw as Partial<ClientMessage> | null;
    if (message?.type === 'notify') {
      this.notify(message.method, message.params);
      return;
    }
    if (message?.type !== 'request' || typeof message.id !== 'number') return;
    const { id } = message;
    try {
      const result = await this.request(message.method, message.params);
      send({ type: 'response', id, ok: true, result });
    } catch (error) {
      send({ type: 'response', id, ok: false, error: toWireError(error) });
    }
  }

  private async request(method: unknown, params: unknown): Promise<unknown> {
    if (this.closed) throw new EngineFault('io', 'the engine is shutting down');
    await this.startupRecovery;
    if (typeof method !== 'string' || !Object.hasOwn(requestParams, method)) {
      throw new EngineFault('unknown-method', `unknown method ${JSON.stringify(method)}`);
    }
    const name = method as RequestMethod;
    const parsed = requestParams[name].safeParse(params ?? {});
    if (!parsed.success) throw invalidParams(name, parsed.error.issues);
    const handler = this.requests[name] as (p: unknown) => unknown;
    return handler(parsed.data);
  }

  private notify(method: unknown, params: unknown): void {
    if (this.closed || typeof method !== 'string' || !Object.hasOwn(notificationParams, method)) return;
    const name = method as NotificationMethod;
    const parsed = notificationParams[name].safeParse(params);
    if (!parsed.success) return;
    try {
      (this.notifications[name] as (p: unknown) => void)(parsed.data);
    } catch {
      // A keystroke for a terminal that just closed has nowhere to go.
    }
  }
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
