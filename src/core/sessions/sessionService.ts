// Projects and their sessions: opening a project folder, starting a session
// of a plan (the default one when a project is opened for the first time),
// its parameters, trust and preflight. One session of a project is current:
// a new one ends the terminals of the others. The engine holds one; the CLI
// (`stepwise snapshots`) opens the same on the journal it reads.
import type { ParsedParams, RequestResults } from '../../shared/contract';
import type { Plan, SessionView, UpgradeSession } from '../../shared/model';
import { EngineFault } from '../engine/errors';
import type { Journal, NewSession } from '../journal/journal';
import type { Compatibility } from '../knowledge/compatibility';
import type { HostSystem } from '../platform/hostSystem';
import { fittedSession, startingPoints, valuesSetByUser } from '../plans/fit/fitPlan';
import { asReleases, type KeptValues } from '../plans/fit/parameters';
import { readProjectFacts, readToolchains, type ProjectFacts } from '../plans/fit/projectFacts';
import { NotARustProject } from '../plans/fit/rustRoot';
import { checkParams } from '../plans/params';
import type { PlanRegistry } from '../plans/registry';
import { preflight, readDependencyMsrvs } from '../preflight';
import { scanProject } from '../scanner';
import { rustProjectFolder } from './projectFolder';
import { parsePlan, withParams } from './sessionPlans';
import { sessionView } from './sessionView';

/** Whether the journal can be written now (JournalHealth): a new project or session waits while it cannot. */
export interface Writability {
  readonly writable: boolean;
  refusal(): Error;
  assertWritable(): void;
}

/** The terminals of the sessions (TerminalManager); a process that runs none (the CLI) passes NO_TERMINALS. */
export interface SessionTerminals {
  closeOtherSessions(root: string, sessionId: number): Promise<void>;
}

export const NO_TERMINALS: SessionTerminals = { closeOtherSessions: async () => {} };

/** What sessions read from the app's resources and the system; read when first used (engine/context.ts). */
export interface SessionReference {
  readonly plans: PlanRegistry;
  readonly knowledge: Compatibility;
  /** The operating system: every new session records it. */
  readonly system: HostSystem;
}

export interface SessionServiceDeps {
  journal: Journal;
  health: Writability;
  reference: SessionReference;
  /** Warms a project's snapshot index when it is opened (SnapshotService.warm). */
  warm: (root: string) => void;
  terminals: SessionTerminals;
  /** The facts a plan is fitted to (default: read from the project and rustup); tests give the toolchains. */
  readFacts?: (root: string) => Promise<ProjectFacts>;
}

export class SessionService {
  constructor(private readonly deps: SessionServiceDeps) {}

  view(sessionId: number): SessionView {
    return sessionView(this.deps.journal, sessionId);
  }

  /** A project folder as the app opens it: its latest session, or (none, or `newSession`) a new one of the default plan. */
  async open(path: string, { newSession }: { newSession: boolean }): Promise<SessionView> {
    const { journal, health } = this.deps;
    const folder = await rustProjectFolder(path);
    // While the journal cannot be written, a project it has opens as it was (its last-opened time kept); a new one waits.
    const project = health.writable ? journal.projects.open(folder) : journal.projects.byPath(folder);
    if (!project) throw health.refusal();
    // In the background: the first snapshot, before the first risky step, is then as quick as the later ones.
    this.deps.warm(folder);
    const latest = newSession ? null : journal.sessions.latest(project.id);
    if (latest) return this.view(latest.id);
    health.assertWritable();
    return this.view((await this.startDefault(project.id, folder)).id);
  }

  /** A new session of the project at `path`, of a built-in plan or one from a file (untrusted until the user says so). */
  async start({ path, plan: choice, params }: ParsedParams<'session.start'>): Promise<SessionView> {
    const folder = await rustProjectFolder(path);
    let input: NewSession;
    if ('builtin' in choice) {
      const plan = this.deps.reference.plans.builtin(choice.builtin);
      if (!plan) throw new EngineFault('not-found', `no built-in plan "${choice.builtin}"`);
      input = await this.fitted(folder, plan, params, 'builtin', true);
    } else {
      // A plan from a file is untrusted: nothing of it runs before the user has seen it all.
      const { plan } = parsePlan(choice.fileName, choice.content);
      input = await this.fitted(folder, plan, params, choice.fileName, false);
    }
    const project = this.deps.journal.projects.open(folder);
    this.deps.warm(folder); // as open does
    return this.view((await this.begin(project.id, folder, input)).id);
  }

  /**
   * The session the CLI works on in `folder`: `sessionId` (which must be the
   * project's), else the project's latest. With `create`, a project or session
   * missing is made as opening the folder in the app would; without, null.
   */
  async current(folder: string, { sessionId, create }: { sessionId?: number; create: boolean }): Promise<number | null> {
    const { journal } = this.deps;
    let project = journal.projects.byPath(folder);
    if (!project && create) project = journal.projects.open(folder);
    if (!project) return null;
    if (sessionId !== undefined) {
      if (journal.sessions.get(sessionId).session.projectId !== project.id) throw new EngineFault('invalid-params', `session ${sessionId} is not a session of ${folder}`);
      return sessionId;
    }
    const latest = journal.sessions.latest(project.id);
    if (latest || !create) return latest?.id ?? null;
    return (await this.startDefault(project.id, folder)).id;
  }

  /**
   * New values for a session's parameters: the plan is fitted to the project
   * again, with the values the user set before and these kept as they are.
   */
  async setParams(sessionId: number, params: Record<string, string>): Promise<SessionView> {
    const { journal } = this.deps;
    const { source, session, plan } = journal.sessions.get(sessionId);
    // The given values are checked first, so an error names one of them rather than a value kept from before.
    withParams(() => checkParams(source, params));
    const root = journal.projects.get(session.projectId).path;
    const input = await this.fitted(root, source, { ...keptValues(plan, session.params), ...params }, session.planOrigin, session.trusted, startingPoints(plan));
    journal.sessions.setPlan(sessionId, input.resolved, input.params);
    return this.view(sessionId);
  }

  trust(sessionId: number): SessionView {
    this.deps.journal.sessions.trust(sessionId);
    return this.view(sessionId);
  }

  async preflight(sessionId: number): Promise<RequestResults['session.preflight']> {
    const { journal } = this.deps;
    const { knowledge } = this.deps.reference;
    const { session } = journal.sessions.get(sessionId);
    const root = journal.projects.get(session.projectId).path;
    // One scan serves both the preflight and the scan page that shows it.
    const [scan, msrvs, toolchains] = await Promise.all([scanProject(root), readDependencyMsrvs(root), readToolchains(root)]);
    const params = asReleases(session.params, toolchains);
    const report = preflight({ params, pins: scan.pins, knowledge, dependencyMsrvs: msrvs.dependencies });
    return { ...report, notes: msrvs.note ? [msrvs.note] : [], scan };
  }

  /** A session of the default plan, as a project opened for the first time gets. */
  private async startDefault(projectId: number, folder: string): Promise<UpgradeSession> {
    return this.begin(projectId, folder, await this.fitted(folder, this.deps.reference.plans.default, {}, 'builtin', true));
  }

  /** `plan` fitted to the project at `root`, with the values the user gave; a refused value or folder as the engine's error. */
  private async fitted(root: string, plan: Plan, given: Record<string, string>, origin: string, trusted: boolean, kept: KeptValues = {}): Promise<NewSession> {
    const facts = await (this.deps.readFacts ?? readProjectFacts)(root).catch((error: unknown) => {
      throw error instanceof NotARustProject ? new EngineFault('invalid-params', error.message) : error;
    });
    return withParams(() => fittedSession(plan, facts, given, origin, trusted, kept));
  }

  private async begin(projectId: number, folder: string, input: NewSession): Promise<UpgradeSession> {
    const session = this.deps.journal.sessions.create(projectId, { ...input, system: this.deps.reference.system });
    // The new session replaces the project's others: their terminals, and all they run, end.
    await this.deps.terminals.closeOtherSessions(folder, session.id);
    return session;
  }
}

/**
 * The values a session keeps when fitted again: those the user set. A
 * session journaled before plans were fitted has no sources: all of its
 * values were chosen then, and all stay.
 */
function keptValues(plan: Plan, params: Record<string, string>): Record<string, string> {
  return plan.parameters.some((p) => p.source !== undefined) ? valuesSetByUser(plan) : params;
}
