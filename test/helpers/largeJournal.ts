// A long session in a real journal file, for the guide's streaming export:
// `runs` runs over the built-in plan's steps (every tenth typed by hand,
// every fifth failed, with output), `issues` issues spread over a dozen
// kinds (half fixed with their diff, some open, some won't fix, some with a
// note), edits and snapshots. The schema comes from Journal.open, the rows
// from plain inserts in one transaction, so millions of bytes take seconds.
import Database from 'better-sqlite3';
import { Journal } from '../../src/core/journal/journal';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { PlanRegistry } from '../../src/core/plans/registry';
import { sessionInput } from '../../src/core/plans/resolvePlan';

export const LARGE_PROJECT = '/home/dev/src/photondrift';

const KINDS = [
  ['rustc', 'E0432', 'unresolved import `wasmtime::WasiCtxBuilder`'],
  ['rustc', 'E0599', 'no method named `static_memory_maximum_size` found for struct `Config`'],
  ['rustc', 'E0277', 'the trait bound `T: \'static` is not satisfied'],
  ['rustc', 'unused_variables', 'unused variable: `max_pages`'],
  ['rustc', 'dead_code', 'field `0` is never read'],
  ['rustc', 'static_mut_refs', 'creating a shared reference to mutable static'],
  ['clippy', 'clippy::needless_return', 'unneeded `return` statement'],
  ['clippy', 'clippy::len_zero', 'length comparison to zero'],
  ['cargo', 'no-such-command', 'no such command: `audit`'],
  ['libtest', null, 'tests::drift panicked: assertion failed'],
  ['rustc', 'E0308', 'mismatched types'],
  ['rustc', 'deprecated', 'use of deprecated method `PanicInfo::payload`'],
] as const;

/** `projectPath`: the folder the session is about (a real one when a page is to open it). */
export function writeLargeJournal(
  file: string,
  size: { runs: number; issues: number },
  projectPath = LARGE_PROJECT,
): { sessionId: number } {
  const journal = Journal.open(file);
  const plan = new PlanRegistry(resolveResourcesDir()).default;
  const project = journal.projects.open(projectPath);
  const sessionId = journal.sessions.create(project.id, sessionInput(plan, {}, 'builtin', true)).id;
  journal.close();

  const stepIds = plan.phases.flatMap((p) => p.steps.filter((s) => s.command).map((s) => s.id));
  const commandOf = new Map(plan.phases.flatMap((p) => p.steps.map((s) => [s.id, s.command ?? ''])));
  const start = Date.parse('2026-11-20T09:00:00.000Z');
  const at = (seconds: number): string => new Date(start + seconds * 1000).toISOString();
  const db = new Database(file);
  db.transaction(() => {
    const run = db.prepare(
      `INSERT INTO runs (id, session_id, step_id, origin, command, cwd, started_at, ended_at, exit_code, duration_ms, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const output = db.prepare('INSERT INTO run_output (run_id, seq, chunk) VALUES (?, 0, ?)');
    for (let i = 1; i <= size.runs; i++) {
      const stepId = i % 10 === 0 ? null : (stepIds[i % stepIds.length] as string);
      const failed = i % 5 === 0;
      const command = stepId ? (commandOf.get(stepId) as string) : `GITHUB_TOKEN=ghp_${'x'.repeat(36)} git status --short # ${i}`;
      run.run(i, sessionId, stepId, stepId ? 'step' : 'typed', command, projectPath, at(i * 30), at(i * 30 + 12), failed ? 101 : 0, 12_000, failed ? 'failed' : 'passed');
      if (failed) output.run(i, `   Compiling photondrift v0.1.0 (${projectPath})\n${'warning: something to say\n'.repeat(40)}error: could not compile \`photondrift\` (lib) due to 1 previous error\n`);
    }
    const issue = db.prepare(
      `INSERT INTO issues (session_id, run_id, step_id, severity, tool, code, message, file, line, col, rendered, created_at,
         fingerprint, state, first_run_id, occurrences, note, wontfix_reason, fixed_by_run_id, fix_diff, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 1; i <= size.issues; i++) {
      const [tool, code, message] = KINDS[i % KINDS.length] as (typeof KINDS)[number];
      const runId = 5 * (1 + (i % Math.floor(size.runs / 5)));
      const state = i % 2 === 0 ? 'resolved' : i % 7 === 0 ? 'wontfix' : 'open';
      const file = `src/module_${i % 400}.rs`;
      const rendered = `${code?.startsWith('E') ? `error[${code}]` : 'warning'}: ${message}\n --> ${file}:${i % 900}:5\n  |\n${i % 900} | let x = ${i};\n  |     ^ here`;
      const fix = state === 'resolved' ? `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-let x = ${i};\n+let _x = ${i};\n` : null;
      issue.run(
        sessionId, runId, stepIds[runId % stepIds.length], code?.startsWith('E') ? 'error' : 'warning', tool, code, message, file, i % 900, 5,
        rendered, at(runId * 30 + 12), `fp-${i}`, state, runId, 1 + (i % 3), i % 50 === 0 ? `seen in review ${i}` : null,
        state === 'wontfix' ? 'goes away with the rewrite' : null, state === 'resolved' ? Math.min(size.runs, runId + 1) : null, fix, at(runId * 30 + 12),
      );
    }
    const edit = db.prepare('INSERT INTO edits (session_id, step_id, file, diff, applied_at) VALUES (?, ?, ?, ?, ?)');
    const snapshot = db.prepare(
      `INSERT INTO snapshots (session_id, step_id, store, store_id, label, created_at, file_count, bytes, left_out_json)
       VALUES (?, ?, 'git', ?, ?, ?, 120, 480000, '[]')`,
    );
    for (let e = 1; e <= 20; e++) {
      const when = Math.floor((size.runs * 30 * e) / 21);
      snapshot.run(sessionId, 'update-makefile', `snap-${e}`, `Before edit ${e}`, at(when - 1));
      edit.run(sessionId, 'update-makefile', 'Makefile', `--- a/Makefile\n+++ b/Makefile\n@@ -1 +1 @@\n-RUST_VERSION ?= 1.${74 + e}\n+RUST_VERSION ?= 1.${75 + e}\n`, at(when));
    }
  })();
  db.close();
  return { sessionId };
}
