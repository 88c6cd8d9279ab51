// Each domain declares its handlers, thin adapters over the services in the
// engine's context (../context.ts); together they must cover the contract,
// which the mapped types below check at compile time.
import type {
  NotificationMethod,
  NotificationParams,
  ParsedParams,
  RequestMethod,
  RequestResults,
} from '../../../shared/contract';
import type { TerminalClient } from '../../terminals/terminalHost';
import type { EngineContext } from '../context';
import { guideHandlers } from './guide';
import { issueHandlers } from './issues';
import { metricsHandlers } from './metrics';
import { migrateHandlers } from './migrate';
import { pageHandlers } from './pages';
import { projectHandlers } from './projects';
import { sessionHandlers } from './sessions';
import { snapshotHandlers } from './snapshots';
import { stepHandlers } from './steps';
import { terminalHandlers, terminalNotifications } from './terminals';

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
      ...migrateHandlers(context),
    },
    notifications: terminalNotifications(context),
  };
}
