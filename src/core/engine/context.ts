// What the engine's handlers work with: the services of each domain and the
// parts they stand on, built once by Engine.open (the composition root).
// openServices builds the services that need no terminal; `stepwise
// snapshots` opens the same on the journal it reads, so the CLI and the app
// share one way to do each thing.
import type { ParserService } from '../diagnostics/offThreadParser';
import { GuideService } from '../guide/guideService';
import { issueExplainer, type IssueExplainer } from '../issues/explainIssue';
import type { Journal } from '../journal/journal';
import { loadBuiltinBreakages, type Breakage } from '../knowledge/breakages';
import { loadBuiltinCompatibility, type Compatibility } from '../knowledge/compatibility';
import type { MetricsService } from '../metrics/service';
import { readHostSystem, type HostSystem } from '../platform/hostSystem';
import { PlanRegistry } from '../plans/registry';
import { NO_TERMINALS, SessionService, type SessionTerminals, type Writability } from '../sessions/sessionService';
import { SnapshotStores } from '../snapshots';
import { SnapshotService } from '../snapshots/service';
import type { EngineOptions } from './engine';
import { EngineFault } from './errors';
import { EventBus } from './eventBus';
import type { JournalHealth } from './journalHealth';
import type { RunRecorder } from './runRecorder';
import type { TerminalManager } from './terminalManager';

/** What is read once at start, from the app's resources and the system. */
export interface Reference {
  plans: PlanRegistry;
  knowledge: Compatibility;
  breakages: Breakage[];
  explain: IssueExplainer;
  /** The operating system: every new session records it. */
  system: HostSystem;
}

/** The services that need no terminal, and what they are built from. */
export interface Services extends Reference {
  journal: Journal;
  bus: EventBus;
  sessions: SessionService;
  snapshots: SnapshotService;
  guide: GuideService;
}

export interface EngineContext extends Services {
  options: EngineOptions;
  /** Whether the journal can be written; while it cannot, requests that write are refused. */
  health: JournalHealth;
  terminals: TerminalManager;
  recorder: RunRecorder;
  parsers: ParserService;
  metrics: MetricsService;
}

export interface ServiceParts {
  dataDir: string;
  resourcesDir: string;
  journal: Journal;
  /** Stepwise's version (named in a guide). */
  version: string;
  sqliteNativeBinding?: string;
  /** Default: read now from resourcesDir. */
  reference?: Reference;
  /** Default: a bus no client listens to. */
  bus?: EventBus;
  /** Default: always writable (a process writing the journal itself meets the disk's refusal as the error of that write). */
  health?: Writability;
  /** Default: new stores on the data directory. */
  stores?: SnapshotStores;
  /** Default: none (a process that runs no terminal). */
  terminals?: SessionTerminals;
}

const WRITABLE: Writability = {
  writable: true,
  refusal: () => new EngineFault('io', 'The journal cannot be written'),
  assertWritable: () => {},
};

export function loadReference(resourcesDir: string): Reference {
  const breakages = loadBuiltinBreakages(resourcesDir);
  return {
    plans: new PlanRegistry(resourcesDir),
    knowledge: loadBuiltinCompatibility(resourcesDir),
    breakages,
    explain: issueExplainer(breakages),
    system: readHostSystem(),
  };
}

export function openServices(parts: ServiceParts): Services {
  const { journal } = parts;
  const reference = parts.reference ?? loadReference(parts.resourcesDir);
  const { plans, knowledge, breakages, explain, system } = reference;
  const bus = parts.bus ?? new EventBus();
  const snapshots = new SnapshotService({ journal, bus, stores: parts.stores ?? new SnapshotStores(parts.dataDir) });
  const sessions = new SessionService({
    journal,
    health: parts.health ?? WRITABLE,
    plans,
    knowledge,
    explain,
    system,
    warm: (root) => snapshots.warm(root),
    terminals: parts.terminals ?? NO_TERMINALS,
  });
  const guide = new GuideService({ journal, breakages, version: parts.version, sqliteNativeBinding: parts.sqliteNativeBinding });
  return { ...reference, journal, bus, sessions, snapshots, guide };
}
