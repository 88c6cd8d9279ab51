// `npm run bench` (a run's start tree): the engine's RunRecorder starts a run
// on the git work tree in RUN_TREE_REPO, in-process, and times how long its
// capture of the tree the run started on takes to reach the journal, and the
// CPU it used: its git commands', and the engine process's own. Run by scripts/bench.mjs as a whole command
// (vitest's start is not in the figure): it prints one line, which the
// benchmark's `inside` reads. Without RUN_TREE_REPO (the terminal flood run of
// every bench file) there is nothing to measure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { EventBus } from '../../src/core/engine/eventBus';
import { JournalHealth } from '../../src/core/engine/journalHealth';
import { RunRecorder } from '../../src/core/runs/runRecorder';
import { StepTransitions } from '../../src/core/steps/stepTransitions';
import { Journal } from '../../src/core/journal/journal';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { PlanRegistry } from '../../src/core/plans/registry';
import { sessionInput } from '../../src/core/plans/resolvePlan';

const REPO = process.env.RUN_TREE_REPO;

/** CPU time of this process's ended children (git), in ms: /proc/self/stat fields cutime and cstime, in clock ticks of 10 ms. */
function childCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

it.skipIf(!REPO)("times a run's start tree", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-runtree-'));
  const journal = Journal.open(join(dir, 'journal.sqlite'));
  try {
    const project = journal.projects.open(REPO!);
    const sessionId = journal.sessions.create(project.id, sessionInput(new PlanRegistry(resolveResourcesDir()).default, {}, 'builtin', true)).id;
    const bus = new EventBus();
    const recorder = new RunRecorder({ journal, bus, explain: (issue) => issue, health: new JournalHealth({ journal, bus }), steps: new StepTransitions({ journal, bus }) });
    const cpu = childCpuMs();
    const ownCpu = process.cpuUsage();
    const started = performance.now();
    const run = recorder.start({ sessionId, root: REPO!, stepId: null, origin: 'typed', command: 'cargo check', cwd: REPO!, startedAt: new Date() }).run!;
    await recorder.settled();
    const ms = Math.round(performance.now() - started);
    const { user, system } = process.cpuUsage(ownCpu);
    const tree = journal.runs.tree(run.id);
    if (!tree) throw new Error(`no tree was recorded for the run in ${REPO}`);
    const engineMs = Math.round((user + system) / 1000);
    console.log(`Run start tree ${tree} recorded in ${ms} ms, git CPU ${childCpuMs() - cpu} ms, engine CPU ${engineMs} ms`);
  } finally {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
