// The shell integration's `cargo` function, in real bash and real zsh with
// real cargo: typed as the user would type it, it runs plain cargo unless the
// engine left a capture request; with one, it takes it (once), asks cargo for
// JSON, shows the rendered text, keeps the JSON in the named file, and returns
// cargo's status. The filter's words reach it as data, spaces and all.
import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureEnv, requestCapture, type CargoJsonFilter } from '../../src/core/runs/cargoJsonStep';
import { TerminalSession } from '../../src/core/terminals/terminalSession';
import { stripAnsi } from '../../src/shared/ansi';
import { shellHomeEnv } from '../helpers/shellHome';
import { nextEvent, runLine } from '../helpers/terminalEvents';

const integrationDir = resolve(__dirname, '../../resources/shell-integration');
const FILTER_SCRIPT = resolve(__dirname, '../../resources/cargo-json/filter.cjs');
const TERMINAL = 'terminal-under-test';

describe.each(['/bin/bash', '/usr/bin/zsh'])('cargo in %s', (shell) => {
  let dir: string;
  let filter: CargoJsonFilter;
  let session: TerminalSession;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-capture-'));
    // The filter started from a folder with a space in its name: one word to the shell, not two.
    mkdirSync(join(dir, 'My Apps'));
    symlinkSync(process.execPath, join(dir, 'My Apps', 'node'));
    filter = { messagesDir: join(dir, 'messages'), requestsDir: join(dir, 'requests'), command: [join(dir, 'My Apps', 'node'), FILTER_SCRIPT] };
    crate(join(dir, 'warns'), 'pub fn f() { let unused = 1; }\n');
    crate(join(dir, 'fails'), 'pub fn f() -> u8 { "no" }\n');
    crate(join(dir, 'slow'), '#[test]\nfn sleeps() { std::thread::sleep(std::time::Duration::from_secs(120)); }\n');
    session = new TerminalSession({ cwd: dir, cols: 120, rows: 30, integrationDir, env: { ...shellHomeEnv(), SHELL: shell, ...captureEnv(filter, TERMINAL) } });
    await nextEvent(session, 'ready');
  });
  afterAll(async () => {
    await session.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  // cargo's first check of a crate can take a while on a loaded machine.
  const run = (line: string) => runLine(session, line, 60_000);

  it('with a request: JSON kept aside, the rendered warning shown, the request taken once; without: plain cargo', async () => {
    const command = 'cargo +debian-1.85 check --manifest-path warns/Cargo.toml --offline';
    const messagesFile = requestCapture(filter, TERMINAL, command)!;
    const captured = await run(command);
    expect(captured).toMatchObject({ commandLine: command, exitCode: 0 });
    expect(stripAnsi(captured.output)).toContain('warning: unused variable: `unused`');
    expect(captured.output).not.toContain('"reason"');
    const messages = readFileSync(messagesFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { reason: string; message?: { code?: { code: string } } });
    expect(messages.find((m) => m.reason === 'compiler-message')?.message?.code?.code).toBe('unused_variables');
    expect(existsSync(captureEnv(filter, TERMINAL).STEPWISE_CAPTURE_REQUEST!)).toBe(false);

    // No request: cargo as typed, its output untouched (it only says it is done).
    rmSync(join(dir, 'warns', 'target'), { recursive: true, force: true });
    const plain = await run(command);
    expect(plain.exitCode).toBe(0);
    expect(stripAnsi(plain.output)).toContain('warning: unused variable: `unused`');
    expect(readFileSync(messagesFile, 'utf8')).toBe(`${messages.map((m) => JSON.stringify(m)).join('\n')}\n`);
  });

  it("returns cargo's status, not the filter's, and passes assignments before it on to cargo", async () => {
    const command = 'CARGO_TARGET_DIR=elsewhere cargo check --manifest-path fails/Cargo.toml --offline';
    const messagesFile = requestCapture(filter, TERMINAL, command)!;
    const failed = await run(command);
    expect(failed.exitCode).toBe(101);
    expect(stripAnsi(failed.output)).toMatch(/error\[E0308\]: mismatched types/);
    expect(readFileSync(messagesFile, 'utf8')).toContain('"code":"E0308"');
    expect(existsSync(join(dir, 'elsewhere'))).toBe(true);
  });

  it('stops with the pipeline on Ctrl+C: the status says interrupted (130), and the prompt comes back', async () => {
    const command = 'cargo test --manifest-path slow/Cargo.toml --offline';
    requestCapture(filter, TERMINAL, command);
    let screen = '';
    const off = session.on('data', (data) => (screen += data));
    const end = nextEvent(session, 'commandEnd', 90_000);
    await session.runCommand(command);
    for (let waited = 0; !stripAnsi(screen).includes('running 1 test') && waited < 60_000; waited += 100) await sleep(100);
    expect(stripAnsi(screen)).toContain('running 1 test');
    session.write('\x03');
    expect((await end).exitCode).toBe(130);
    off();
    expect(await run('echo back')).toMatchObject({ exitCode: 0, output: expect.stringContaining('back') });
  }, 120_000);

  it('runs a request-taking cargo command that is not `[+toolchain] SUBCOMMAND` as typed', async () => {
    requestCapture(filter, TERMINAL, 'cargo check');
    const version = await run('cargo -V');
    expect(version.exitCode).toBe(0);
    expect(version.output).toMatch(/^cargo \d+\.\d+/);
  });
});

describe.each([
  { shell: '/bin/bash', rc: '.bash_profile' },
  { shell: '/usr/bin/zsh', rc: '.zshrc' },
])("the user's own cargo in $shell", ({ shell, rc }) => {
  let dir: string;
  let filter: CargoJsonFilter;
  let session: TerminalSession;
  let home: string;

  const start = async (rcText: string): Promise<void> => {
    writeFileSync(join(home, rc), `export PATH="${join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin')}:$PATH"\n${rcText}\n`);
    session = new TerminalSession({ cwd: dir, cols: 120, rows: 30, integrationDir, env: { ...shellHomeEnv(), HOME: home, SHELL: shell, ...captureEnv(filter, TERMINAL) } });
    await nextEvent(session, 'ready');
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-capture-own-'));
    home = join(dir, 'home');
    mkdirSync(home);
    filter = { messagesDir: join(dir, 'messages'), requestsDir: join(dir, 'requests'), command: [process.execPath, FILTER_SCRIPT] };
    crate(join(dir, 'warns'), 'pub fn f() { let unused = 1; }\n');
  });
  afterEach(() => session.dispose());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a cargo function of theirs replaces the integration\'s: the request is left for the engine to remove', async () => {
    await start('cargo() { echo "users-cargo $*"; }');
    requestCapture(filter, TERMINAL, 'cargo check');
    const end = await runLine(session, 'cargo check');
    expect(end.output.trim()).toBe('users-cargo check');
    expect(existsSync(captureEnv(filter, TERMINAL).STEPWISE_CAPTURE_REQUEST!)).toBe(true);
  });

  it('an alias of theirs runs through the integration, toolchain and all', async () => {
    await start("alias cargo='cargo +debian-1.85'");
    const command = 'cargo check --manifest-path warns/Cargo.toml --offline';
    const messagesFile = requestCapture(filter, TERMINAL, command)!;
    const end = await runLine(session, command, 60_000);
    expect(end.exitCode).toBe(0);
    expect(readFileSync(messagesFile, 'utf8')).toContain('"code":"unused_variables"');
    // The alias is in effect: its toolchain answers.
    expect((await runLine(session, 'cargo --version')).output).toMatch(/^cargo 1\.85\./);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function crate(path: string, lib: string): void {
  mkdirSync(join(path, 'src'), { recursive: true });
  writeFileSync(join(path, 'Cargo.toml'), `[package]\nname = "capture_test"\nversion = "0.1.0"\nedition = "2021"\n`);
  writeFileSync(join(path, 'src', 'lib.rs'), lib);
}
