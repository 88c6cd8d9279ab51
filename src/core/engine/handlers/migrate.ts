import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type MigrateHandlers = Pick<RequestHandlers, 'migrate.status' | 'migrate.plan' | 'migrate.apply' | 'migrate.stop'>;

export function migrateHandlers({ migrations }: EngineContext): MigrateHandlers {
  return {
    'migrate.status': ({ sessionId }) => migrations.status(sessionId),
    'migrate.plan': (params) => migrations.plan(params),
    'migrate.apply': (params) => migrations.apply(params),
    'migrate.stop': ({ sessionId }) => migrations.stop(sessionId),
  };
}
