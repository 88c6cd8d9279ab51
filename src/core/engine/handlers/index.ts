// Each domain declares its handlers; together they must cover the contract,
// which the mapped types below check at compile time.
import type {
  NotificationMethod,
  NotificationParams,
  ParsedParams,
  RequestMethod,
  RequestResults,
} from '../../../shared/contract';
import type { Plan } from '../../../shared/model';
import type { Journal } from '../../journal/journal';
import type { EngineOptions } from '../engine';
import type { EventBus } from '../eventBus';
import type { TerminalManager } from '../terminalManager';
import { guideHandlers } from './guide';
import { projectHandlers } from './projects';
import { stepHandlers } from './steps';
import { terminalHandlers, terminalNotifications } from './terminals';

export interface EngineContext {
  options: EngineOptions;
  journal: Journal;
  bus: EventBus;
  terminals: TerminalManager;
  builtinPlan: () => Plan;
}

export type RequestHandlers = {
  [M in RequestMethod]: (params: ParsedParams<M>) => RequestResults[M] | Promise<RequestResults[M]>;
};
export type NotificationHandlers = {
  [N in NotificationMethod]: (params: NotificationParams<N>) => void;
};

export function createHandlers(context: EngineContext): {
  requests: RequestHandlers;
  notifications: NotificationHandlers;
} {
  return {
    requests: {
      ...projectHandlers(context),
      ...stepHandlers(context),
      ...terminalHandlers(context),
      ...guideHandlers(context),
    },
    notifications: terminalNotifications(context),
  };
}
