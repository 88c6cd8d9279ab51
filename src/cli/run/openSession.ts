// Which session a headless run journals into: the one asked for, else the
// project's latest session of the same plan, else a new one. A plan from a
// file is reviewed and trusted first, as in the app.
import { NotFoundError, type Journal } from '../../core/journal/journal';
import { ParamError } from '../../core/plans/params';
import { resolvePlan } from '../../core/plans/resolvePlan';
import type { EngineClient } from '../../shared/client';
import type { Plan, SessionView, UpgradeSession } from '../../shared/model';
import { CliError } from '../cliError';
import { knownParams } from '../params';
import { projectFolder } from '../projectFolder';
import type { PlanArg } from './planArg';
import { confirmPlan } from './review';

export interface SessionChoice {
  project: string;
  plan: PlanArg;
  /** Raw `--param NAME=VALUE` values. */
  params: string[];
  sessionId?: number;
  newSession: boolean;
  yes: boolean;
}

export async function openSession(client: EngineClient, journal: Journal, choice: SessionChoice): Promise<{ view: SessionView; resumed: boolean }> {
  const folder = await projectFolder(choice.project);
  const { plan } = choice;
  const params = knownParams(choice.params, plan.plan.parameters);

  let existing: number | null = null;
  if (choice.sessionId) existing = askedSession(journal, choice.sessionId, folder, plan);
  else if (!choice.newSession) existing = latestSameSession(journal, folder, plan);
  if (!existing) {
    if (plan.kind === 'file') await confirmPlan(resolvePlan(plan.plan, params), plan.fileName, choice.yes);
    const started = await client.request('session.start', {
      path: folder,
      plan: plan.kind === 'builtin' ? { builtin: plan.plan.id } : { fileName: plan.fileName, content: plan.content },
      params,
    });
    const view = started.session.trusted ? started : await client.request('session.trust', { sessionId: started.session.id });
    return { view, resumed: false };
  }

  const { session, source } = journal.sessions.get(existing);
  // Reviewed as it will run: with the parameters given now. A value the session kept from an older
  // version may not be of its parameter's type: nothing runs until it is given anew.
  let resolved;
  try {
    resolved = resolvePlan(source, { ...session.params, ...params });
  } catch (error) {
    if (error instanceof ParamError) throw new CliError(`session ${existing}: ${error.message}; give another with --param ${error.param}=VALUE`);
    throw error;
  }
  if (!session.trusted) await confirmPlan(resolved, session.planOrigin, choice.yes);
  if (Object.entries(params).some(([name, value]) => session.params[name] !== value)) {
    await client.request('session.setParams', { sessionId: existing, params });
  }
  if (!session.trusted) await client.request('session.trust', { sessionId: existing });
  const view = await client.request('session.view', { sessionId: existing });
  return { view, resumed: true };
}

/** `--session ID`, which must be this project's and this plan's. */
function askedSession(journal: Journal, sessionId: number, folder: string, plan: PlanArg): number {
  let found;
  try {
    found = journal.sessions.get(sessionId);
  } catch (error) {
    if (error instanceof NotFoundError) throw new CliError(`no session ${sessionId} in the journal`);
    throw error;
  }
  const { session } = found;
  const path = journal.projects.get(session.projectId).path;
  if (path !== folder) throw new CliError(`session ${sessionId} is for ${path}, not ${folder}`);
  if (!runsPlan(found, plan)) {
    const wanted = plan.kind === 'builtin' ? `the built-in plan "${plan.plan.id}"` : `the plan in ${plan.fileName}`;
    throw new CliError(`session ${sessionId} runs "${session.planTitle}" (from ${session.planOrigin}), not ${wanted}; use --new-session`);
  }
  return sessionId;
}

/** The project's latest session, if it runs this very plan (a changed plan file starts a new session). */
function latestSameSession(journal: Journal, folder: string, plan: PlanArg): number | null {
  const project = journal.projects.byPath(folder);
  const latest = project ? journal.sessions.latest(project.id) : null;
  return latest && runsPlan(journal.sessions.get(latest.id), plan) ? latest.id : null;
}

/** The session's own copy of its plan, as written, is this plan. */
function runsPlan({ session, source }: { session: UpgradeSession; source: Plan }, plan: PlanArg): boolean {
  if (plan.kind === 'builtin') return session.planOrigin === 'builtin' && session.planId === plan.plan.id;
  return session.planOrigin === plan.fileName && JSON.stringify(source) === JSON.stringify(plan.plan);
}
