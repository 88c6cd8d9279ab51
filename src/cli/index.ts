// The `stepwise` command: the browser mode's server and journal tools.
import { join } from 'node:path';
import { CliError } from './cliError';
import { explainOpenError } from '../core/journal/openErrors';
import { JOURNAL_FILE, resolveDataDir } from '../core/platform/fs/paths';
import { STEPWISE_VERSION as version } from '../core/platform/stepwiseVersion';

const USAGE = `Stepwise ${version}: a guided toolchain upgrade, journaled.

Usage:
  stepwise serve [--port N] [--no-open]      start the engine and UI on 127.0.0.1
  stepwise run <plan> --project DIR [--steps ID,ID] [--param N=V]... [--yes] [--session ID|--new-session]
             [--keep-going] [--manual stop|skip]
                                             run a plan's steps headless (CI, scripts): terminal output streamed,
                                             then the steps' outcomes; \`stepwise run --help\` for exit codes
  stepwise measure --project DIR [--kind baseline|after|adhoc] [--what build,check,tests,audit,image,runtime]
             [--runs N] [--clean] [--runtime CMD] [--image NAME] [--json]
                                             take a measurement headless (as the Metrics page does), then print
                                             the figures and the gates; \`stepwise measure --help\` for more
  stepwise sessions list [--project DIR] [--json]
                                             list the journal's sessions: steps passed/failed, open issues
  stepwise export (--session ID | --project DIR) [--format md|html|json|adr] [--out FILE]
                                             write a session's migration guide (see export --help)
  stepwise plan import FILE.md [--json] [--out PLAN.yaml]
                                             import a Markdown upgrade plan (summary, JSON or YAML)
  stepwise plan schema [--out FILE]          print the JSON Schema of plan files
  stepwise plan show --project DIR [--plan FILE] [--param N=V]... [--json]
                                             the plan fitted to the project: parameters with their sources,
                                             which steps apply and why the others do not
  stepwise scan <dir> [--json] [--no-toolchain]
                                             list the toolchain and dependency pins, and where they disagree
  stepwise preflight DIR [--param N=V]... [--json]
                                             check the upgrade's target is feasible (Rust, wasmtime, editions)
  stepwise parse [FILE|-] [--json]           list the issues and test counts in a captured command output
  stepwise snapshots list|create|diff|restore [--project DIR]
                                             rollback snapshots: list [--json], create [--label TEXT],
                                             diff ID [--against ID] [--stat], restore ID [--files A,B | --emergency]
  stepwise ship (--session ID | --project DIR) --branch NAME [--base REF] [--force] [--pr-out FILE] [--json]
                                             the session as a git branch: a commit per step, formatting apart
                                             (in .git-blame-ignore-revs); prints the pull-request text
  stepwise bisect --project DIR --toolchains A,B,C --check build|test|clippy [--all] [--json]
                                             the first toolchain (oldest first) where the check's outcome
                                             changes, checked in a scratch copy; \`stepwise bisect --help\`
  stepwise migrate --project DIR --edition E [--accept LINT,..] [--reject LINT,..] [--skip FILE:LINE,..]
             [--toolchain T] [--dry-run] [--json]
                                             move a crate to a newer edition lint by lint, worked out in a scratch
                                             copy, applied after a snapshot; \`stepwise migrate --help\`
  stepwise --version | --help

Data lives in $STEPWISE_HOME, else $XDG_DATA_HOME/stepwise (~/.local/share/stepwise).`;

// Each command is loaded only when it runs: the engine (SQLite, pty, zod,
// yaml...) costs about 100 ms to load, which `stepwise parse` does not need.
const COMMANDS: Record<string, () => Promise<(args: string[]) => Promise<number>>> = {
  serve: async () => (await import('./commands/serve')).serveCommand,
  export: async () => (await import('./commands/export')).exportCommand,
  plan: async () => (await import('./commands/plan')).planCommand,
  scan: async () => (await import('./commands/scan')).scanCommand,
  preflight: async () => (await import('./commands/preflight')).preflightCommand,
  parse: async () => (await import('./commands/parse')).parseCommand,
  run: async () => (await import('./commands/run')).runCommand,
  measure: async () => (await import('./commands/measure')).measureCommand,
  sessions: async () => (await import('./commands/sessions')).sessionsCommand,
  snapshots: async () => (await import('./commands/snapshots')).snapshotsCommand,
  bisect: async () => (await import('./commands/bisect')).bisectCommand,
  migrate: async () => (await import('./commands/migrate')).migrateCommand,
  ship: async () => (await import('./commands/ship')).shipCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    console.log(version);
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (raw: unknown) => {
    const error = explainSqliteError(raw);
    const message = error instanceof Error ? error.message : String(error);
    console.error(`stepwise: ${message}`);
    if (!(error instanceof CliError) && process.env.STEPWISE_DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = error instanceof CliError ? error.exitCode : isUsageError(error) ? 2 : 1;
  },
);

/**
 * SQLite's own words ("database disk image is malformed") name no file: the
 * only database a command opens is the data folder's journal, so its error is
 * told with that file and what to do.
 */
function explainSqliteError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  return explainOpenError(join(resolveDataDir(), JOURNAL_FILE), error);
}

/** An unknown option, a missing value, a stray argument: node's parseArgs says which; a usage error like a CliError. */
function isUsageError(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code).startsWith('ERR_PARSE_ARGS_');
}
