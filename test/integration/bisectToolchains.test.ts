// `stepwise bisect` on the real toolchain ladder (debian-1.63, debian-1.85,
// stable, nightly), the built CLI and real cargo: a tiny crate whose
// uncommitted change uses `let ... else` (stable since 1.65) builds from
// debian-1.85 on, found by bisection in a scratch copy while the project's
// files, times, target/ and git state stay as they were.
import { lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bisectToolchains, type BisectReport } from '../../src/core/toolchain/bisect';
import { setTimeout as delay } from 'node:timers/promises';
import type { BuiltCli } from '../helpers/builtCli';
import { makeCliWorkspace, removeCliWorkspace } from '../helpers/cliWorkspace';
import { commitAll, userRepoView } from '../helpers/gitRepo';
import { ladderSkipReason } from '../helpers/ladder';
import { alive, commandLine, pidsWithCommandLine } from '../helpers/processes';
import { listing, write } from '../helpers/treeListing';

const reason = ladderSkipReason();
const LADDER = 'debian-1.63,debian-1.85,stable,nightly';

const LET_ELSE = `fn parse(s: &str) -> u32 {
    let Ok(n) = s.parse::<u32>() else {
        return 0;
    };
    n
}

fn main() {
    println!("{}", parse("7"));
}

#[test]
fn parses() {
    assert_eq!(parse("7"), 7);
}
`;

/** A crate every toolchain of the ladder builds (edition 2021: 1.63's cargo knows no 2024). */
function tinyCrate(root: string): string {
  mkdirSync(root, { recursive: true });
  write(root, 'Cargo.toml', '[package]\nname = "letelse"\nversion = "0.1.0"\nedition = "2021"\n');
  write(root, 'src/main.rs', 'fn main() {\n    println!("7");\n}\n');
  write(root, '.gitignore', '/target\n');
  return root;
}

/** Every file's path and modification time (ns), target/ included, .git left out. */
function mtimes(root: string, rel = ''): string[] {
  return readdirSync(join(root, rel)).flatMap((name) => {
    const path = rel ? `${rel}/${name}` : name;
    if (path === '.git') return [];
    const stat = lstatSync(join(root, path), { bigint: true });
    return stat.isDirectory() ? mtimes(root, path) : [`${path} ${stat.mtimeNs}`];
  });
}

describe.skipIf(reason !== null)(`stepwise bisect on the toolchain ladder${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let work: string;
  let scratchTmp: string;
  let cli: BuiltCli;

  beforeAll(() => ({ work, scratchTmp, cli } = makeCliWorkspace('stepwise-bisect-test-')), 120_000);
  afterAll(() => removeCliWorkspace({ work, cli }));

  it('finds debian-1.85 as the first toolchain that builds the uncommitted let-else, leaving the project untouched', async () => {
    const project = tinyCrate(join(work, 'git-crate'));
    commitAll(project);
    // Uncommitted: only a copy with the work tree's changes sees the let-else (HEAD builds everywhere).
    write(project, 'src/main.rs', LET_ELSE);
    write(project, 'target/keep.txt', 'the user\'s build output\n');
    const before = { files: listing(project, []), times: mtimes(project), repo: userRepoView(project) };

    const run = await cli.run(['bisect', '--project', project, '--toolchains', LADDER, '--check', 'build', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as BisectReport;
    expect(report).toMatchObject({ check: 'build', baseline: 'debian-1.63', first: 'debian-1.85', firstReleaseNotes: 'https://releases.rs/docs/1.85.0/', copiedFrom: 'git work tree' });
    const byName = Object.fromEntries(report.results.map((r) => [r.toolchain, r]));
    expect(byName['debian-1.63']).toMatchObject({ version: '1.63.0', outcome: 'failed', passed: false });
    expect(byName['debian-1.63']!.errors[0]).toMatchObject({ code: 'E0658', file: 'src/main.rs', line: 2 });
    expect(byName['debian-1.85']).toMatchObject({ version: '1.85.0', outcome: 'passed', passed: true, exitCode: 0 });
    // A binary search: the ends, then the middle; stable was not needed.
    expect(byName.stable).toMatchObject({ outcome: 'untested', passed: null });
    expect(byName.nightly).toMatchObject({ outcome: 'passed', passed: true });
    expect(report.notes.join('\n')).toMatch(/the change came in one of 1\.64\.0 to 1\.85\.0/);

    expect({ files: listing(project, []), times: mtimes(project), repo: userRepoView(project) }).toEqual(before);
    expect(readdirSync(scratchTmp)).toEqual([]);
  }, 300_000);

  it('checks every toolchain with --all, on a folder outside git, and prints the readable table with the notes link', async () => {
    const project = tinyCrate(join(work, 'plain-crate'));
    write(project, 'src/main.rs', LET_ELSE);
    const before = { files: listing(project, []), times: mtimes(project) };

    const run = await cli.run(['bisect', '--project', project, '--toolchains', LADDER, '--check', 'test', '--all']);
    expect(run.code, run.stderr).toBe(0);
    const rows = run.stdout.split('\n');
    expect(rows.find((r) => r.includes('debian-1.63'))).toMatch(/failed .*E0658/);
    expect(rows.find((r) => r.includes('debian-1.85'))).toMatch(/^→ debian-1\.85 +1\.85\.0 +passed/);
    expect(rows.find((r) => r.includes(' stable '))).toMatch(/passed/);
    expect(run.stdout).toContain('First change: debian-1.85 (passed; debian-1.63 failed)');
    expect(run.stdout).toContain('Release notes: https://releases.rs/docs/1.85.0/');
    expect({ files: listing(project, []), times: mtimes(project) }).toEqual(before);
    expect(readdirSync(scratchTmp)).toEqual([]);
  }, 300_000);

  it('counts a toolchain without clippy as could-not-run, apart from a clippy failure, and compares from the oldest that ran', async () => {
    const project = tinyCrate(join(work, 'clippy-crate'));
    // A clippy warning (len_zero, in clippy for years): with -D warnings, a failure wherever clippy runs.
    write(project, 'src/main.rs', 'fn main() {\n    let v: Vec<u8> = Vec::new();\n    if v.len() == 0 {\n        println!("empty");\n    }\n}\n');
    commitAll(project);

    const run = await cli.run(['bisect', '--project', project, '--toolchains', LADDER, '--check', 'clippy', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as BisectReport;
    for (const name of ['debian-1.63', 'debian-1.85']) {
      const result = report.results.find((r) => r.toolchain === name);
      expect(result).toMatchObject({ outcome: 'could-not-run', passed: null, reason: expect.stringContaining('cargo-clippy') });
    }
    expect(report.baseline).toBe('stable');
    for (const name of ['stable', 'nightly']) {
      const result = report.results.find((r) => r.toolchain === name);
      expect(result).toMatchObject({ outcome: 'failed', passed: false, errors: [expect.objectContaining({ code: 'clippy::len_zero', file: 'src/main.rs', line: 3 })] });
    }
    expect(report.first).toBeNull();
    expect(report.notes.join('\n')).toMatch(/could not run under debian-1\.63, debian-1\.85: stable, the oldest where it ran, is the baseline/);
  }, 300_000);

  it('refuses unknown toolchains by name, and bad input, with exit code 2 before copying anything', async () => {
    const project = tinyCrate(join(work, 'refused-crate'));
    const unknown = await cli.run(['bisect', '--project', project, '--toolchains', 'debian-1.63,no-such-toolchain,stable', '--check', 'build']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown toolchain no-such-toolchain \(.*not installed.*\); installed: .*debian-1\.63/);
    const one = await cli.run(['bisect', '--project', project, '--toolchains', 'stable', '--check', 'build']);
    expect([one.code, one.stderr]).toEqual([2, expect.stringMatching(/at least two toolchains/)]);
    const check = await cli.run(['bisect', '--project', project, '--toolchains', 'stable,nightly', '--check', 'fmt']);
    expect([check.code, check.stderr]).toEqual([2, expect.stringMatching(/--check must be one of build, test, clippy \(got "fmt"\)/)]);
    const missing = await cli.run(['bisect', '--project', join(work, 'nowhere'), '--toolchains', 'stable,nightly', '--check', 'build']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/--project: .*nowhere/)]);
    const notCrate = await cli.run(['bisect', '--project', work, '--toolchains', 'stable,nightly', '--check', 'build']);
    expect([notCrate.code, notCrate.stderr]).toEqual([2, expect.stringMatching(/has no Cargo\.toml/)]);
    expect(readdirSync(scratchTmp)).toEqual([]);
  }, 120_000);

  it('ends the running check and removes the scratch copy on SIGTERM, exiting 130', async () => {
    const project = tinyCrate(join(work, 'slow-crate'));
    write(project, 'Cargo.toml', '[package]\nname = "slowcheck"\nversion = "0.1.0"\nedition = "2021"\n');
    write(project, 'src/main.rs', 'fn main() {}\n\n#[test]\nfn slow() {\n    std::thread::sleep(std::time::Duration::from_secs(300));\n}\n');
    const running = cli.start(['bisect', '--project', project, '--toolchains', 'stable,nightly', '--check', 'test']);
    // The test binary, built in the scratch copy's target folder, sleeping.
    let test: number[] = [];
    for (let waited = 0; test.length === 0 && waited < 120_000; waited += 200) {
      await delay(200);
      test = pidsWithCommandLine('/deps/slowcheck-').filter((pid) => commandLine(pid).startsWith(join(scratchTmp, 'stepwise-bisect-')));
    }
    expect(test.length, running.stderr).toBeGreaterThan(0);
    running.child.kill('SIGTERM');
    const done = await running.done;
    expect(done.code, done.stderr).toBe(130);
    expect(done.stderr).toMatch(/stopped while checking stable; the project was not changed/);
    expect(test.filter(alive)).toEqual([]);
    expect(readdirSync(scratchTmp)).toEqual([]);
  }, 300_000);

  it('copies a project in a subfolder of its repository, untracked files included, and maps the copy back to it', async () => {
    const repo = join(work, 'mono');
    const project = tinyCrate(join(repo, 'crates', 'member'));
    write(repo, 'README', 'a repository whose crate is not at its root\n');
    commitAll(repo);
    // Untracked, not ignored: a snapshot captures it, so the copy has it.
    write(project, 'src/main.rs', 'mod extra;\n\nfn main() {\n    println!("{}", extra::parse("7"));\n}\n');
    write(project, 'src/extra.rs', LET_ELSE.replace('fn parse', 'pub fn parse').replace(/fn main[\s\S]*/, ''));
    const before = { files: listing(repo, []), times: mtimes(repo), repo: userRepoView(repo) };

    const report = await bisectToolchains({ project, toolchains: ['debian-1.63', 'debian-1.85'], check: 'build', env: { ...process.env, TMPDIR: scratchTmp } });
    expect(report).toMatchObject({ baseline: 'debian-1.63', first: 'debian-1.85', copiedFrom: 'git work tree' });
    expect(report.results[0]!.errors[0]).toMatchObject({ code: 'E0658', file: 'src/extra.rs', line: 2 });
    expect({ files: listing(repo, []), times: mtimes(repo), repo: userRepoView(repo) }).toEqual(before);
  }, 300_000);
});
