import { checkParams, ParamError } from '../../plans/params';
import { PlanError } from '../../plans/planFile';
import { parsePlanContent } from '../../plans/registry';
import { resolvePlan, effectiveParams, sessionInput } from '../../plans/resolvePlan';
import { preflight, readDependencyMsrvs } from '../../preflight';
import { scanProject } from '../../scanner';
import { EngineFault } from '../errors';
import { sessionView } from '../sessionView';
import { resolveProjectFolder } from './projects';
import type { EngineContext, RequestHandlers } from './index';

type SessionHandlers = Pick<
  RequestHandlers,
  'plans.list' | 'plan.parse' | 'session.start' | 'session.setParams' | 'session.trust' | 'session.preflight'
>;

export function sessionHandlers({ journal, plans, knowledge, system, snapshots, terminals }: EngineContext): SessionHandlers {
  const parse = (fileName: string, content: string): ReturnType<typeof parsePlanContent> => {
    try {
      return parsePlanContent(fileName, content);
    } catch (error) {
      throw new EngineFault('invalid-plan', error instanceof PlanError ? error.message : `${fileName}: ${(error as Error).message}`);
    }
  };

  return {
    'plans.list': () =>
      plans.list().map(({ id, title, description, parameters }) => ({ id, title, description, parameters })),
    'plan.parse': ({ fileName, content }) => parse(fileName, content),
    'session.start': async ({ path, plan: choice, params }) => {
      const folder = await resolveProjectFolder(path);
      const project = journal.openProject(folder);
      snapshots.warmer.warm(folder); // as project.open does
      let input;
      if ('builtin' in choice) {
        const plan = plans.builtin(choice.builtin);
        if (!plan) throw new EngineFault('not-found', `no built-in plan "${choice.builtin}"`);
        input = withParams(() => sessionInput(plan, params, 'builtin', true));
      } else {
        // A plan from a file is untrusted: nothing of it runs before the user has seen it all.
        const { plan } = parse(choice.fileName, choice.content);
        input = withParams(() => sessionInput(plan, params, choice.fileName, false));
      }
      const session = journal.createSession(project.id, { ...input, system });
      // The new session replaces the project's others: their terminals, and all they run, end.
      await terminals.closeOtherSessions(folder, session.id);
      return sessionView(journal, session.id);
    },
    'session.setParams': ({ sessionId, params }) => {
      const { source, session } = journal.session(sessionId);
      // The given values are checked first, so an error names one of them rather than a value kept from before.
      const full = withParams(() => {
        checkParams(source, params);
        return effectiveParams(source, { ...session.params, ...params });
      });
      journal.setSessionPlan(sessionId, withParams(() => resolvePlan(source, full)), full);
      return sessionView(journal, sessionId);
    },
    'session.trust': ({ sessionId }) => {
      journal.trustSession(sessionId);
      return sessionView(journal, sessionId);
    },
    'session.preflight': async ({ sessionId }) => {
      const { session } = journal.session(sessionId);
      const root = journal.project(session.projectId).path;
      // One scan serves both the preflight and the scan page that shows it.
      const [scan, msrvs] = await Promise.all([scanProject(root), readDependencyMsrvs(root)]);
      const report = preflight({ params: session.params, pins: scan.pins, knowledge, dependencyMsrvs: msrvs.dependencies });
      return { ...report, notes: msrvs.note ? [msrvs.note] : [], scan };
    },
  };
}

/** A refused parameter value as the engine's error, naming the parameter (for the field that shows it). */
function withParams<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ParamError) throw new EngineFault('invalid-params', error.message, error.param);
    throw error;
  }
}
