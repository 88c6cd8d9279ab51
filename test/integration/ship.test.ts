// `stepwise ship` on a real session: the built CLI runs a plan with `stepwise
// run` on a crate from Debian's registry in a real git repository (a command
// that changes code, a real cargo check that fails then passes, edit steps,
// a whitespace-only edit, a real `cargo fmt`), then ships it as a branch.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltCli } from '../helpers/builtCli';
import { addAllTree, commitAll, gitIn, gitOut } from '../helpers/gitRepo';
import { committedRegistryCrate, copyRegistryCrate, registryCrate } from '../helpers/ladder';
import { shellHomeEnv } from '../helpers/shellHome';

const hasCargo = spawnSync('cargo', ['fmt', '--version'], { stdio: 'ignore' }).status === 0;
const ready = hasCargo && registryCrate('memoffset') !== null;

const PLAN = `id: ship-demo
title: Ship demo
phases:
  - id: only
    title: Only
    steps:
      - id: add-answer
        title: Add the answer function
        kind: command
        command: printf '%s\\n' '/// The answer.' 'pub fn answer() -> u32 { "x" }' >> src/lib.rs
      - id: check
        title: Check the crate
        kind: check
        command: cargo check --offline
      - id: fix-answer
        title: Make the answer a number
        kind: edit
        edit:
          replace: { find: '{ "x" }', with: '{   42 }', files: [src/lib.rs] }
      - id: space-readme
        title: Space out the README
        kind: edit
        edit:
          replace: { find: "functionality for Rust structs.", with: "functionality for Rust structs.  \\n", files: [README.md] }
      - id: format
        title: Format the code
        kind: command
        command: cargo fmt
`;

interface Shipped {
  branch: string;
  base: { commit: string; from: string };
  tip: string;
  endTree: string;
  commits: { sha: string; kind: string; subject: string; stepId: string | null; files: string[] }[];
  pr: string;
}

let work: string;
let project: string;
let cli: BuiltCli;
let startHead: string;

/** What ship must leave as it was: HEAD, the current branch, the index file's bytes, git status. */
function userState(): Record<string, string> {
  return {
    head: gitOut(project, 'rev-parse', 'HEAD'),
    branch: gitOut(project, 'symbolic-ref', 'HEAD'),
    index: createHash('sha256').update(readFileSync(join(project, '.git/index'))).digest('hex'),
    status: execFileSync('git', ['-C', project, 'status', '--porcelain', '-uall'], { encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }),
  };
}

describe.skipIf(!ready)('stepwise ship', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'stepwise-ship-'));
    project = join(work, 'memoffset');
    committedRegistryCrate('memoffset', project, 'stable');
    startHead = gitOut(project, 'rev-parse', 'HEAD').trim();
    // Work the session starts with, never committed: no step's.
    writeFileSync(join(project, 'NOTES.txt'), 'upgrade notes\n');
    writeFileSync(join(work, 'plan.yaml'), PLAN);
    cli = BuiltCli.build({ ...shellHomeEnv(), STEPWISE_HOME: join(work, 'data'), NO_COLOR: '1' });
    const plan = join(work, 'plan.yaml');
    // The check fails (E0308); the edit after it fixes that, as the check run again shows; then the README and the formatting.
    const first = await cli.run(['run', plan, '--project', project, '--yes', '--keep-going', '--steps', 'add-answer,check,fix-answer']);
    expect(first.code, first.stdout + first.stderr).toBe(1);
    expect(first.stdout).toMatch(/check\s+failed/);
    // Edits by hand between steps and after the last one: no step's.
    writeFileSync(join(project, 'HAND.md'), 'written by hand between two steps\n');
    const again = await cli.run(['run', plan, '--project', project, '--yes', '--steps', 'check']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const last = await cli.run(['run', plan, '--project', project, '--yes', '--steps', 'space-readme,format']);
    expect(last.code, last.stdout + last.stderr).toBe(0);
    appendFileSync(join(project, 'README.md'), 'Edited by hand after the session.\n');
  }, 300_000);

  afterAll(async () => {
    await cli?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('makes one commit per step that changed files, formatting apart and listed in .git-blame-ignore-revs, ending on the session end tree', async () => {
    const before = userState();
    const endTree = addAllTree(project);
    const prFile = join(work, 'pr.md');
    const result = await cli.run(['ship', '--project', project, '--branch', 'upgrade/memoffset', '--pr-out', prFile, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const shipped = JSON.parse(result.stdout) as Shipped;
    expect(userState()).toEqual(before);

    expect(shipped.base.commit).toBe(startHead);
    expect(shipped.commits.map((c) => [c.kind, c.stepId, c.files])).toEqual([
      ['step', 'add-answer', ['src/lib.rs']],
      ['step', 'check', ['Cargo.lock']],
      ['step', 'fix-answer', ['src/lib.rs']],
      ['formatting', 'space-readme', ['README.md']],
      ['formatting', 'format', ['src/lib.rs']],
      ['outside', null, ['HAND.md', 'NOTES.txt', 'README.md']],
      ['blame-ignore', null, ['.git-blame-ignore-revs']],
    ]);
    const log = gitOut(project, 'log', '--format=%H %s', `${startHead}..upgrade/memoffset`).trim().split('\n').reverse();
    expect(log).toEqual(shipped.commits.map((c) => `${c.sha} ${c.subject}`));
    expect(gitOut(project, 'rev-parse', 'upgrade/memoffset').trim()).toBe(shipped.tip);

    // The messages come from the journal: the step, what it ran or edited, what it fixed.
    const message = (sha: string): string => gitOut(project, 'log', '-1', '--format=%B', sha);
    const [added, , fixed, readme, formatted, outside, ignore] = shipped.commits.map((c) => message(c.sha));
    expect(added).toMatch(/^Add the answer function\n/);
    expect(added).toContain(`Ran:\n- \`printf '%s\\n' '/// The answer.'`);
    expect(added).toContain('Stepwise-Step: add-answer');
    expect(fixed).toMatch(/^Make the answer a number\n/);
    expect(fixed).toContain('Edited (shown as a diff and applied after a snapshot):\n- src/lib.rs');
    expect(fixed).toMatch(/Fixed:\n- error\[E0308\]: mismatched types \(src\/lib\.rs:\d+\)/);
    expect(readme).toMatch(/^Formatting: Space out the README\n/);
    expect(formatted).toMatch(/^Formatting: Format the code\n/);
    expect(formatted).toContain('- `cargo fmt`');
    expect(outside).toMatch(/^Changes made outside Stepwise's steps\n/);

    // The formatting commits are whitespace-only; the real ones are not.
    const ws = (sha: string): string => gitOut(project, 'diff', '-w', '--ignore-blank-lines', `${sha}^`, sha);
    expect(ws(shipped.commits[3]!.sha)).not.toMatch(/^@@/m);
    expect(ws(shipped.commits[2]!.sha)).toMatch(/^[-+]pub fn answer\(\) -> u32 \{ +42 \}/m);

    const ignoreRevs = gitOut(project, 'show', 'upgrade/memoffset:.git-blame-ignore-revs');
    expect(ignoreRevs).toBe(`# stepwise: formatting\n${shipped.commits[3]!.sha}\n${shipped.commits[4]!.sha}\n`);
    expect(ignore).toMatch(/^List the formatting commits in \.git-blame-ignore-revs\n/);

    // The commit before the list is the session's end tree; the tip differs from it by the list only.
    expect(shipped.endTree).toBe(endTree);
    expect(gitOut(project, 'diff', '--stat', `${shipped.tip}^`, endTree)).toBe('');
    expect(gitOut(project, 'diff', '--name-only', shipped.tip, endTree).trim()).toBe('.git-blame-ignore-revs');
    expect(gitOut(project, 'diff', shipped.tip, endTree, '--', '.', ':(exclude).git-blame-ignore-revs')).toBe('');

    // The pull-request text is the guide's Markdown, written to --pr-out too.
    expect(shipped.pr).toMatch(/^# /);
    expect(shipped.pr).toContain('Add the answer function');
    expect(readFileSync(prFile, 'utf8')).toBe(shipped.pr);
  });

  it('refuses a branch that exists, replaces it with --force, and never the current branch', async () => {
    gitIn(project, 'branch', 'taken', startHead);
    const refused = await cli.run(['ship', '--project', project, '--branch', 'taken']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the branch taken already exists in .*memoffset \(at [0-9a-f]{12}\): give another --branch, or --force to replace it/);
    expect(gitOut(project, 'rev-parse', 'taken').trim()).toBe(startHead);

    const forced = await cli.run(['ship', '--project', project, '--branch', 'taken', '--force', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(gitOut(project, 'rev-parse', 'taken').trim()).toBe((JSON.parse(forced.stdout) as Shipped).tip);

    const before = userState();
    const current = await cli.run(['ship', '--project', project, '--branch', 'main', '--force']);
    expect(current.code).toBe(1);
    expect(current.stderr).toContain('main is the branch checked out in');
    expect(current.stderr).toContain('ship never writes the current branch');
    expect(userState()).toEqual(before);
  });

  it('starts from --base when given', async () => {
    const result = await cli.run(['ship', '--project', project, '--branch', 'from-base', '--base', 'main', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as Shipped).base).toEqual({ commit: startHead, from: '--base' });
    const bad = await cli.run(['ship', '--project', project, '--branch', 'from-nowhere', '--base', 'no-such-ref']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--base: "no-such-ref" is not a commit in');
  });

  it('refuses a project that is not in a git repository, saying where', async () => {
    // The same session's project, its repository moved away.
    const hidden = join(work, 'git-away');
    execFileSync('mv', [join(project, '.git'), hidden]);
    try {
      const result = await cli.run(['ship', '--project', project, '--branch', 'nowhere']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`ship: ${project} is not in a git repository`);
    } finally {
      execFileSync('mv', [hidden, join(project, '.git')]);
    }
  });

  it('ships a project that is a folder of its repository: edits told from the hand edits right after them', async () => {
    const repoRoot = join(work, 'mono');
    const crate = join(repoRoot, 'crates', 'memoffset');
    copyRegistryCrate('memoffset', crate, 'stable');
    writeFileSync(join(repoRoot, 'README.md'), 'a monorepo\n');
    commitAll(repoRoot);
    const plan = join(work, 'sub-plan.yaml');
    writeFileSync(
      plan,
      `id: sub
title: Sub
phases:
  - id: only
    title: Only
    steps:
      - id: note
        title: Note the crate
        kind: edit
        edit:
          replace: { find: "functionality for Rust structs.", with: "functionality for Rust structs (noted).", files: [README.md] }
      - id: log
        title: Log it
        kind: command
        command: printf 'logged\\n' > LOG.txt
`,
    );
    expect((await cli.run(['run', plan, '--project', crate, '--yes', '--steps', 'note'])).code).toBe(0);
    // By hand, right after the edit: in the same file and in another.
    appendFileSync(join(crate, 'README.md'), 'A line by hand.\n');
    writeFileSync(join(crate, 'src', 'hand.rs'), '// by hand\n');
    expect((await cli.run(['run', plan, '--project', crate, '--yes', '--steps', 'log'])).code).toBe(0);

    const result = await cli.run(['ship', '--project', crate, '--branch', 'sub', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const shipped = JSON.parse(result.stdout) as Shipped;
    expect(shipped.commits.map((c) => [c.kind, c.stepId, c.files])).toEqual([
      ['step', 'note', ['crates/memoffset/README.md']],
      ['step', 'log', ['crates/memoffset/LOG.txt']],
      ['outside', null, ['crates/memoffset/README.md', 'crates/memoffset/src/hand.rs']],
    ]);
    const noted = gitOut(repoRoot, 'show', `${shipped.commits[0]!.sha}:crates/memoffset/README.md`);
    expect(noted).toContain('functionality for Rust structs (noted).');
    expect(noted).not.toContain('A line by hand.');
    expect(gitOut(repoRoot, 'diff', shipped.tip, addAllTree(repoRoot))).toBe('');
  });
});
