// A plan from a file runs nothing until the user has seen everything it would
// run or change: the same review the app shows before "Trust this plan".
import { createInterface } from 'node:readline/promises';
import type { Plan } from '../../shared/model';
import { CliError } from '../cliError';
import { stepDetail } from '../commands/plan';

export function planReview(plan: Plan, origin: string): string {
  const steps = plan.phases.flatMap((p) => p.steps);
  const commands = steps.filter((s) => s.command);
  const edits = steps.filter((s) => s.edit);
  const list = (picked: typeof steps): string[] =>
    picked.length ? picked.map((s, i) => `  ${i + 1}. ${stepDetail(s)}   — ${s.title}`) : ['  (none)'];
  return [
    `Review "${plan.title}" before it runs anything.`,
    `This plan comes from ${origin}. It will run these ${commands.length} commands in your shell and make these ${edits.length} edits (each after a snapshot):`,
    'Commands:',
    ...list(commands),
    'Edits:',
    ...list(edits),
    '',
  ].join('\n');
}

/** Shows the review and asks on a terminal; refuses without one unless `--yes` was given. */
export async function confirmPlan(plan: Plan, origin: string, yes: boolean): Promise<void> {
  if (yes) return;
  process.stderr.write(planReview(plan, origin));
  if (!process.stdin.isTTY) {
    throw new CliError('this plan comes from a file and is not trusted yet: review the commands above, then run again with --yes');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  // Ctrl-C at the question reaches readline, not the process: answer it as a no.
  const interrupted = new AbortController();
  prompt.on('SIGINT', () => interrupted.abort());
  let answer = '';
  try {
    answer = await prompt.question('Trust this plan and run it? [y/N] ', { signal: interrupted.signal });
  } catch (error) {
    if (!interrupted.signal.aborted) throw error;
    throw new CliError('\nnot run: interrupted at the review', 130);
  } finally {
    prompt.close();
  }
  if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('not run: the plan was not trusted');
}
