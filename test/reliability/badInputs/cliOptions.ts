// Wrong command lines: each is refused before anything is opened or written
// (exit 2), naming the option or argument and what it takes.
import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import type { BadInput, CaseDirs } from './corpus';

/** Nothing was opened or written: no data folder was even made. */
const nothingWritten = (c: CaseDirs): void => expect(existsSync(c.home), 'the data folder was created').toBe(false);

const usage = (name: string, args: string[], says: RegExp): BadInput => ({ name, args: () => args, code: 2, says, check: nothingWritten });
/** Refused once the plan is read, which takes the engine (and so the data folder). */
const planUsage = (name: string, args: string[], says: RegExp): BadInput => ({ name, args: () => args, code: 2, says });

export const CLI_OPTION_CASES: BadInput[] = [
  usage('an unknown command', ['frobnicate'], /unknown command "frobnicate"/),
  usage('an option where the command goes', ['--bogus'], /unknown command "--bogus"/),
  usage('scan without a folder', ['scan'], /scan needs one project directory/),
  usage('scan with two folders', ['scan', 'a', 'b'], /scan needs one project directory/),
  usage('scan with an unknown option', ['scan', '/tmp', '--bogus'], /Unknown option '--bogus'/),
  usage('preflight without a folder', ['preflight'], /preflight needs exactly one project directory/),
  usage('preflight --param without =', ['preflight', '/tmp', '--param', 'nope'], /--param needs NAME=VALUE, not "nope"/),
  usage('preflight with an unknown parameter', ['preflight', '/tmp', '--param', 'bogus=1'], /--param bogus: no such parameter \(known: from_rust/),
  usage('run without a plan', ['run'], /run needs exactly one plan/),
  usage('run without --project', ['run', 'rust-wasmtime-upgrade'], /run needs --project DIR/),
  usage('run --manual with a wrong mode', ['run', 'rust-wasmtime-upgrade', '--project', '/tmp', '--manual', 'maybe'], /--manual must be stop or skip, not "maybe"/),
  usage('run --session with --new-session', ['run', 'rust-wasmtime-upgrade', '--project', '/tmp', '--session', '1', '--new-session'], /--session and --new-session cannot be used together/),
  usage('run --session that is not a number', ['run', 'rust-wasmtime-upgrade', '--project', '/tmp', '--session', '0x1'], /--session must be a positive whole number, not "0x1"/),
  usage('run --steps with no ids', ['run', 'rust-wasmtime-upgrade', '--project', '/tmp', '--steps', ','], /--steps needs at least one step id/),
  planUsage('run --steps naming no step of the plan', ['run', 'rust-wasmtime-upgrade', '--project', '/tmp', '--steps', 'nope'], /the plan has no step "nope" \(its steps: backup-branch/),
  planUsage('run a plan file that does not exist', ['run', '/nonexistent/plan.yaml', '--project', '/tmp'], /no plan file at \/nonexistent\/plan\.yaml/),
  usage('measure without --project', ['measure'], /measure needs --project DIR/),
  usage('measure --runs in hex', ['measure', '--project', '/tmp', '--runs', '0x3'], /--runs must be a whole number from 1 to 20, not "0x3"/),
  usage('measure --runs out of range', ['measure', '--project', '/tmp', '--runs', '21'], /--runs must be a whole number from 1 to 20, not "21"/),
  usage('measure --kind unknown', ['measure', '--project', '/tmp', '--kind', 'sideways'], /--kind must be baseline, after, adhoc, not "sideways"/),
  usage('measure --what with an unknown part', ['measure', '--project', '/tmp', '--what', 'build,fly'], /--what: no part "fly"/),
  usage('measure --test-runner unknown', ['measure', '--project', '/tmp', '--test-runner', 'jest'], /--test-runner must be cargo or nextest, not "jest"/),
  usage('export with neither --session nor --project', ['export'], /export needs --session ID or --project DIR/),
  usage('ship without --branch', ['ship', '--session', '1'], /ship needs --branch NAME/),
  usage('ship with neither --session nor --project', ['ship', '--branch', 'upgrade'], /ship needs --session ID or --project DIR/),
  usage('ship --session that is not a number', ['ship', '--session', '0x1', '--branch', 'upgrade'], /--session must be a positive whole number, not "0x1"/),
  usage('ship with an unknown option', ['ship', '--session', '1', '--branch', 'upgrade', '--push'], /Unknown option '--push'/),
  usage('export with both --session and --project', ['export', '--session', '1', '--project', '/tmp'], /give --session or --project, not both/),
  usage('export --format unknown', ['export', '--session', '1', '--format', 'docx'], /--format must be one of md, html, json, adr, plan, not "docx"/),
  usage('export --sections unknown', ['export', '--session', '1', '--sections', 'nope'], /--sections: no section "nope"/),
  usage('export --sections with --omit', ['export', '--session', '1', '--sections', 'summary', '--omit', 'steps'], /give --sections or --omit, not both/),
  usage('export --session negative', ['export', '--session', '-1'], /Option '--session' argument is ambiguous/),
  usage('sessions without a command', ['sessions'], /sessions needs a command/),
  usage('sessions with an unknown command', ['sessions', 'delete'], /unknown sessions command "delete"/),
  usage('snapshots with an unknown command', ['snapshots', 'eat'], /unknown snapshots command "eat"/),
  usage('snapshots restore without an id', ['snapshots', 'restore'], /restore needs one snapshot id/),
  usage('snapshots diff with a word for an id', ['snapshots', 'diff', 'abc', '--project', '/tmp'], /the snapshot id must be a positive whole number, not "abc"/),
  usage('plan without a command', ['plan'], /plan needs a command/),
  usage('plan import without a file', ['plan', 'import'], /plan import needs one Markdown file/),
  usage('plan with an unknown command', ['plan', 'frob'], /unknown plan command "frob"/),
  usage('parse with two inputs', ['parse', 'a', 'b'], /parse reads one output/),
  usage('parse of a file that does not exist', ['parse', '/nonexistent/output.log'], /\/nonexistent\/output\.log does not exist/),
  usage('serve --port out of range', ['serve', '--port', '99999'], /--port must be a whole number from 0 to 65535, not "99999"/),
  usage('serve --port a word', ['serve', '--port', 'abc', '--no-open'], /--port must be a whole number from 0 to 65535, not "abc"/),
];
