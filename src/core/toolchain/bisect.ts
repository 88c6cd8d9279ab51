// Toolchain bisection (issue 15, part 5): between installed toolchains given
// oldest first, the first one where a check (build, tests, clippy clean)
// changes outcome compared with the oldest, and that release's notes. Every
// check runs in a scratch copy of the project (scratchCopy.ts) with its own
// CARGO_TARGET_DIR per toolchain, all removed afterwards: the user's files,
// mtimes, target/ and git index stay as they were. Cargo reads the copy's
// own .cargo/config.toml (offline, vendored sources) as it would the
// project's; no --offline is added, so a project that needs the network to
// build needs it here too. Nothing is downloaded by rustup (RUSTUP_AUTO_INSTALL=0).
import { join } from 'node:path';
import { BISECT_CHECKS, type BisectCheck, type BisectReport, type CheckOutcome, type ToolchainResult } from '../../shared/toolchain/bisection';
import { askRustup, installedToolchains, rustcVersion } from './rustup';
import { versionParts } from './version';

import { searchFirstChange } from './bisectSearch';
import { BisectStopped, runCheck } from './checkRun';
import { scratchCopy } from './scratchCopy';

export { BISECT_CHECKS, BisectStopped, type BisectCheck, type BisectReport, type ToolchainResult };

/** The cargo arguments after `+TOOLCHAIN`: clippy counts as clean only without a warning. */
const CHECK_ARGS: Record<BisectCheck, string[]> = {
  build: ['build'],
  test: ['test'],
  clippy: ['clippy', '--', '-D', 'warnings'],
};

/** What must answer for the check to run at all: cargo, and for clippy its subcommand (Debian's toolchains have none). */
const RUNS_IF: Record<BisectCheck, string[]> = { build: ['--version'], test: ['--version'], clippy: ['clippy', '--version'] };

/** Input the bisection refuses before running anything: the CLI's usage error. */
export class BisectRefused extends Error {}

export interface BisectOptions {
  /** Absolute, resolved project folder. */
  project: string;
  /** Oldest first. */
  toolchains: string[];
  check: BisectCheck;
  /** Check every toolchain instead of a binary search: sees an outcome that changes back. */
  exhaustive?: boolean;
  /** Per check; killed (and counted as could-not-run) when it passes. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Aborting it ends the running check (its whole process group) and removes the scratch copy. */
  signal?: AbortSignal;
  /** Told as each check starts and ends (the CLI prints progress on stderr). */
  onProgress?: (event: { toolchain: string; phase: 'start' | 'end'; outcome?: CheckOutcome }) => void;
}


/**
 * The release notes of a Rust release, for any 1.NN (nightly and beta
 * included): releases.rs has one page per version at a path made of the
 * version alone. The official RELEASES.md anchors and blog posts need the
 * release date, which Debian's and other custom rustc builds do not print.
 */
export function releaseNotesUrl(version: string | null): string | null {
  const minor = minorOf(version);
  return minor === null ? null : `https://releases.rs/docs/1.${minor}.0/`;
}

/** 85 of `1.85.0`; null for anything not a 1.x release. */
function minorOf(version: string | null): number | null {
  const [major, minor] = versionParts(version ?? '');
  return major === 1 && minor !== undefined && Number.isInteger(minor) ? minor : null;
}

/**
 * When releases lie between the first toolchain that changed and the last
 * one before it that ran, the change came in one of them, not necessarily
 * in the one found: said, with the range, so the notes to read are known.
 */
function releaseGap(results: ToolchainResult[], first: number | null, outcomes: (CheckOutcome | undefined)[]): string | null {
  if (first === null) return null;
  const before = results.slice(0, first).filter((_, i) => outcomes[i] === 'passed' || outcomes[i] === 'failed').at(-1);
  const from = minorOf(before?.version ?? null);
  const to = minorOf(results[first]?.version ?? null);
  if (!before || from === null || to === null || to - from < 2) return null;
  return `${before.toolchain} is rustc 1.${from} and ${results[first]?.toolchain} 1.${to}: the change came in one of 1.${from + 1}.0 to 1.${to}.0 (https://releases.rs/ has each one's notes)`;
}

/** Refuses duplicates, fewer than two toolchains and ones rustup does not have, naming them. */
async function checkToolchains(toolchains: string[], env: NodeJS.ProcessEnv): Promise<{ toolchain: string; version: string | null }[]> {
  if (toolchains.length < 2) throw new BisectRefused(`--toolchains needs at least two toolchains, oldest first (got ${toolchains.length === 0 ? 'none' : toolchains.join(',')})`);
  const twice = toolchains.filter((t, i) => toolchains.indexOf(t) !== i);
  if (twice.length > 0) throw new BisectRefused(`--toolchains names ${[...new Set(twice)].join(', ')} more than once`);
  const question = { cwd: process.cwd(), env, timeoutMs: 15_000 };
  const answers = await Promise.all(toolchains.map(async (toolchain) => ({ toolchain, answer: await askRustup([`+${toolchain}`, '-V'], question, 'rustc') })));
  const unknown = answers.flatMap(({ toolchain, answer }) => ('problem' in answer ? [`${toolchain} (${answer.problem})`] : []));
  if (unknown.length > 0) {
    const installed = await installedToolchains(question);
    throw new BisectRefused(`--toolchains: unknown toolchain${unknown.length > 1 ? 's' : ''} ${unknown.join('; ')}; installed: ${installed.join(', ') || 'none'}`);
  }
  return answers.map(({ toolchain, answer }) => ({ toolchain, version: 'stdout' in answer ? rustcVersion(answer.stdout) : null }));
}

/** Runs the bisection; rejects with BisectRefused on bad input, before copying anything. */
export async function bisectToolchains(options: BisectOptions): Promise<BisectReport> {
  const { project, toolchains, check } = options;
  if (!BISECT_CHECKS.includes(check)) throw new BisectRefused(`--check must be one of ${BISECT_CHECKS.join(', ')} (got "${String(check)}")`);
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), RUSTUP_AUTO_INSTALL: '0' };
  const results: ToolchainResult[] = (await checkToolchains(toolchains, env)).map(({ toolchain, version }) => ({
    toolchain,
    version,
    outcome: 'untested',
    passed: null,
    command: `cargo +${toolchain} ${CHECK_ARGS[check].join(' ')}`,
    exitCode: null,
    durationMs: null,
    reason: null,
    errors: [],
    releaseNotes: releaseNotesUrl(version),
  }));

  const { signal } = options;
  const copy = await scratchCopy(project, 'stepwise-bisect-', signal);
  try {
    const probe = async (i: number): Promise<CheckOutcome> => {
      if (signal?.aborted) throw new BisectStopped(`stopped before checking ${results[i]?.toolchain ?? i}`);
      const result = results[i]!;
      options.onProgress?.({ toolchain: result.toolchain, phase: 'start' });
      Object.assign(result, await runCheck(result.toolchain, { args: CHECK_ARGS[check], runsIf: RUNS_IF[check] }, copy.project, join(copy.root, `target-${i}`), { ...env, TMPDIR: copy.tmp }, options.timeoutMs ?? 30 * 60_000, signal));
      options.onProgress?.({ toolchain: result.toolchain, phase: 'end', outcome: result.outcome as CheckOutcome });
      return result.outcome as CheckOutcome;
    };
    const at = (i: number | null): ToolchainResult | null => (i === null ? null : (results[i] ?? null));
    const search = await searchFirstChange(results.length, probe, (i) => at(i)?.toolchain ?? String(i), options.exhaustive === true);
    const gap = releaseGap(results, search.first, search.outcomes);
    return {
      project,
      check,
      baseline: at(search.baseline)?.toolchain ?? null,
      first: at(search.first)?.toolchain ?? null,
      firstReleaseNotes: at(search.first)?.releaseNotes ?? null,
      monotonic: search.monotonic,
      results,
      notes: gap ? [...search.notes, gap] : search.notes,
      copiedFrom: copy.source,
    };
  } finally {
    await copy.remove();
  }
}
