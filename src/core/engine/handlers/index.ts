// Each domain declares its handlers; together they must cover the contract,
// which the mapped types below check at compile time.
import type {
  NotificationMethod,
  NotificationParams,
  ParsedParams,
  RequestMethod,
  RequestResults,
} from '../../../shared/contract';
import type { HostSystem } from '../../platform/hostSystem';
import type { Journal } from '../../journal/journal';
import type { ParserService } from '../../diagnostics/offThreadParser';
import type { IssueExplainer } from '../../issues/explainIssue';
import type { Breakage } from '../../knowledge/breakages';
import type { Compatibility } from '../../knowledge/compatibility';
import type { PlanRegistry } from '../../plans/registry';
import type { SnapshotService } from '../../snapshots';
import type { EngineOptions } from '../engine';
import type { EventBus } from '../eventBus';
import type { JournalHealth } from '../journalHealth';
import type { RunRecorder } from '../../runs/runRecorder';
import type { EditSteps } from '../../steps/editSteps';
import type { StepService } from '../../steps/stepService';
import type { StepTransitions } from '../../steps/stepTransitions';
import type { IssueService } from '../../issues/issueService';
import type { TerminalClient } from '../../terminals/terminalHost';
import type { TerminalManager } from '../../terminals/terminalManager';
import { guideHandlers } from './guide';
import { issueHandlers } from './issues';
import { metricsHandlers } from './metrics';
import { pageHandlers } from './pages';
import { projectHandlers } from './projects';
import { sessionHandlers } from './sessions';
import { snapshotHandlers } from './snapshots';
import { stepHandlers } from './steps';
import { terminalHandlers, terminalNotifications } from './terminals';

export interface EngineContext {
  options: EngineOptions;
  journal: Journal;
  bus: EventBus;
  /** Whether the journal can be written; while it cannot, requests that write are refused. */
  health: JournalHealth;
  terminals: TerminalManager;
  plans: PlanRegistry;
  knowledge: Compatibility;
  breakages: Breakage[];
  explain: IssueExplainer;
  recorder: RunRecorder;
  parsers: ParserService;
  snapshots: SnapshotService;
  /** The operating system, read once at start: every new session records it. */
  system: HostSystem;
  /** The one way a step's state changes. */
  stepStates: StepTransitions;
  steps: StepService;
  editSteps: EditSteps;
  issues: IssueService;
}

/** Handlers get the connection that asked: terminal output is sent, and counted, per client. */
export type RequestHandlers = {
  [M in RequestMethod]: (params: ParsedParams<M>, caller: TerminalClient) => RequestResults[M] | Promise<RequestResults[M]>;
};
export type NotificationHandlers = {
  [N in NotificationMethod]: (params: NotificationParams<N>, caller: TerminalClient) => void;
};

export function createHandlers(context: EngineContext): {
  requests: RequestHandlers;
  notifications: NotificationHandlers;
} {
  return {
    requests: {
      ...projectHandlers(context),
      ...sessionHandlers(context),
      ...stepHandlers(context),
      ...terminalHandlers(context),
      ...guideHandlers(context),
      ...pageHandlers(context),
      ...issueHandlers(context),
      ...snapshotHandlers(context),
      ...metricsHandlers(context),
    },
    notifications: terminalNotifications(context),
  };
}
