// What the engine's handlers work with: the services of each domain and the
// parts they stand on, built once by Engine.open (the composition root).
// openServices builds the services that need no terminal; `stepwise
// snapshots` opens the same on the journal it reads, so the CLI and the app
// share one way to do each thing.
import type { ParserService } from '../diagnostics/offThreadParser';
import { GuideService } from '../guide/guideService';
import type { Journal } from '../journal/journal';
import { loadBuiltinBreakages, type Breakage } from '../knowledge/breakages';
import { loadBuiltinCompatibility, type Compatibility } from '../knowledge/compatibility';
import type { MetricsService } from '../metrics/service';
import type { BisectService } from '../toolchain/bisectService';
import type { MigrateService } from '../migrate/migrateService';
import { readHostSystem, type HostSystem } from '../platform/hostSystem';
import { PlanRegistry } from '../plans/registry';
import { NO_TERMINALS, SessionService, type SessionTerminals, type Writability } from '../sessions/sessionService';
import { SnapshotStores } from '../snapshots';
import { SnapshotService } from '../snapshots/service';
import type { EngineOptions } from './engine';
import { EngineFault } from './errors';
import { EventBus } from './eventBus';
import type { JournalHealth } from './journalHealth';
import type { RunRecorder } from '../runs/runRecorder';
import type { EditSteps } from '../steps/editSteps';
import type { StepService } from '../steps/stepService';
import type { StepTransitions } from '../steps/stepTransitions';
import type { ToolchainRecorder } from '../steps/toolchainRecorder';
import type { IssueService } from '../issues/issueService';
import type { TerminalManager } from '../terminals/terminalManager';

/** What is read once, from the app's resources and the system. */
export interface Reference {
  readonly plans: PlanRegistry;
  readonly knowledge: Compatibility;
  readonly breakages: Breakage[];
  /** The operating system: every new session records it. */
  readonly system: HostSystem;
}

/** The services that need no terminal, and what they are built from. */
export interface Services {
  journal: Journal;
  bus: EventBus;
  sessions: SessionService;
  snapshots: SnapshotService;
  guide: GuideService;
}

export interface EngineContext extends Services, Reference {
  options: EngineOptions;
  /** Whether the journal can be written; while it cannot, requests that write are refused. */
  health: JournalHealth;
  terminals: TerminalManager;
  recorder: RunRecorder;
  parsers: ParserService;
  metrics: MetricsService;
  /** Toolchain bisections run from the wizard. */
  bisections: BisectService;
  /** Edition migrations run from the wizard. */
  migrations: MigrateService;
  /** The one way a step's state changes. */
  stepStates: StepTransitions;
  /** The toolchain just after a step moved it. */
  toolchains: ToolchainRecorder;
  steps: StepService;
  editSteps: EditSteps;
  issues: IssueService;
}

export interface ServiceParts {
  dataDir: string;
  resourcesDir: string;
  journal: Journal;
  /** Stepwise's version (named in a guide). */
  version: string;
  sqliteNativeBinding?: string;
  /** Default: read from resourcesDir, each part when first used. */
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

/**
 * The reference, each part read when first used: a short-lived command
 * (`stepwise snapshots list`) reads none of it, and parsing the knowledge
 * base costs more than such a command takes.
 */
export function readReference(resourcesDir: string): Reference {
  let plans: PlanRegistry | undefined;
  let knowledge: Compatibility | undefined;
  let breakages: Breakage[] | undefined;
  let system: HostSystem | undefined;
  return {
    get plans() {
      return (plans ??= new PlanRegistry(resourcesDir));
    },
    get knowledge() {
      return (knowledge ??= loadBuiltinCompatibility(resourcesDir));
    },
    get breakages() {
      return (breakages ??= loadBuiltinBreakages(resourcesDir));
    },
    get system() {
      return (system ??= readHostSystem());
    },
  };
}

/** All of the reference, read now: the engine reads it before it takes the data directory, so a broken resource fails the start. */
export function loadReference(resourcesDir: string): Reference {
  const { plans, knowledge, breakages, system } = readReference(resourcesDir);
  return { plans, knowledge, breakages, system };
}

export function openServices(parts: ServiceParts): Services {
  const { journal } = parts;
  const reference = parts.reference ?? readReference(parts.resourcesDir);
  const bus = parts.bus ?? new EventBus();
  const snapshots = new SnapshotService({ journal, bus, stores: parts.stores ?? new SnapshotStores(parts.dataDir) });
  const sessions = new SessionService({
    journal,
    health: parts.health ?? WRITABLE,
    reference,
    warm: (root) => snapshots.warm(root),
    terminals: parts.terminals ?? NO_TERMINALS,
  });
  const guide = new GuideService({ journal, reference, version: parts.version, sqliteNativeBinding: parts.sqliteNativeBinding });
  return { journal, bus, sessions, snapshots, guide };
}
