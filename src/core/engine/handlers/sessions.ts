import { parsePlan } from '../../sessions/sessionPlans';
import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type SessionHandlers = Pick<
  RequestHandlers,
  'plans.list' | 'plan.parse' | 'session.start' | 'session.setParams' | 'session.trust' | 'session.preflight'
>;

export function sessionHandlers({ plans, sessions }: EngineContext): SessionHandlers {
  return {
    'plans.list': () =>
      plans.list().map(({ id, title, description, parameters }) => ({ id, title, description, parameters })),
    'plan.parse': ({ fileName, content }) => parsePlan(fileName, content),
    'session.start': (params) => sessions.start(params),
    'session.setParams': ({ sessionId, params }) => sessions.setParams(sessionId, params),
    'session.trust': ({ sessionId }) => sessions.trust(sessionId),
    'session.preflight': ({ sessionId }) => sessions.preflight(sessionId),
  };
}
