// The `stepwise` command: the browser mode's server and journal tools.
import { exportCommand } from './commands/export';
import { planCommand } from './commands/plan';
import { scanCommand } from './commands/scan';
import { preflightCommand } from './commands/preflight';
import { parseCommand } from './commands/parse';
import { serveCommand } from './commands/serve';
import { snapshotsCommand } from './commands/snapshots';
import { CliError } from './cliError';
import { STEPWISE_VERSION as version } from '../core/version';

const USAGE = `Stepwise ${version}: a guided toolchain upgrade, journaled.

Usage:
  stepwise serve [--port N] [--no-open]      start the engine and UI on 127.0.0.1
  stepwise export (--session ID | --project DIR) [--format md|html|json|adr] [--out FILE]
                                             write a session's migration guide (see export --help)
  stepwise plan import FILE.md [--json] [--out PLAN.yaml]
                                             import a Markdown upgrade plan (summary, JSON or YAML)
  stepwise plan schema [--out FILE]          print the JSON Schema of plan files
  stepwise scan <dir> [--json] [--no-toolchain]
                                             list the toolchain and dependency pins, and where they disagree
  stepwise preflight DIR [--param N=V]... [--json]
                                             check the upgrade's target is feasible (Rust, wasmtime, editions)
  stepwise parse [FILE|-] [--json]           list the issues and test counts in a captured command output
  stepwise snapshots list|create|diff|restore [--project DIR]
                                             rollback snapshots: list [--json], create [--label TEXT],
                                             diff ID [--against ID] [--stat], restore ID [--files A,B | --emergency]
  stepwise --version | --help

Data lives in $STEPWISE_HOME, else $XDG_DATA_HOME/stepwise (~/.local/share/stepwise).`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  export: exportCommand,
  plan: planCommand,
  scan: scanCommand,
  preflight: preflightCommand,
  parse: parseCommand,
  snapshots: snapshotsCommand,
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
  const run = COMMANDS[command];
  if (!run) throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`stepwise: ${message}`);
    if (!(error instanceof CliError) && process.env.STEPWISE_DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  },
);

