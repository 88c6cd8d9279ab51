// Which step commands get cargo's JSON messages, and the filter that shows
// the terminal what cargo would have shown while keeping the JSON aside,
// run as a real process on cargo's real JSON output.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureEnv, dropCaptureRequest, requestCapture, withJsonMessages } from '../../src/core/runs/cargoJsonStep';
import { useTempDir } from '../helpers/tempDir';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FILTER = join(ROOT, 'resources/cargo-json/filter.cjs');
const FORMAT = '--message-format=json-diagnostic-rendered-ansi';
const tempDir = useTempDir();

describe('withJsonMessages', () => {
  it('adds the JSON format after the subcommand of cargo build, check, clippy and test', () => {
    expect(withJsonMessages('cargo check --all-features')).toBe(`cargo check ${FORMAT} --all-features`);
    expect(withJsonMessages('  cargo +1.81.0 clippy --all-targets -- -D warnings')).toBe(`cargo +1.81.0 clippy ${FORMAT} --all-targets -- -D warnings`);
    expect(withJsonMessages('RUSTFLAGS=-Dwarnings CARGO_TERM_COLOR=always cargo t -p core -- --nocapture')).toBe(
      `RUSTFLAGS=-Dwarnings CARGO_TERM_COLOR=always cargo t ${FORMAT} -p core -- --nocapture`,
    );
    expect(withJsonMessages('cargo test -- --message-format=json')).toBe(`cargo test ${FORMAT} -- --message-format=json`);
    // A parameter's value as the plan writes it into a command (shellWord): a whole word in single quotes is one literal word.
    expect(withJsonMessages("cargo check '--features='")).toBe(`cargo check ${FORMAT} '--features='`);
    expect(withJsonMessages("cargo test '--features=a,b' --verbose")).toBe(`cargo test ${FORMAT} '--features=a,b' --verbose`);
  });

  it('leaves other commands, other subcommands, a chosen format and anything with shell syntax alone', () => {
    for (const command of [
      'cargo fmt --check',
      'cargo audit',
      'cargo update -p time',
      'rustup target add wasm32-wasip1',
      'make wasm-build',
      'cargo build --message-format=short',
      'cargo build --message-format json',
      'cargo build && cargo test',
      'cargo test 2>&1 | tee log',
      'cargo build --features "a b"',
      "cargo build --features 'a b'",
      "cargo build '--features=a'$X",
      'cd crate; cargo check',
      'cargo check $FLAGS',
      'echo cargo check',
    ]) {
      expect(withJsonMessages(command), command).toBeNull();
    }
  });

  it('leaves the shell a one-shot request naming a new messages file, only for a command it recognises', () => {
    const dir = tempDir();
    const filter = { messagesDir: join(dir, 'messages'), requestsDir: join(dir, 'requests'), command: ['/usr/bin/node', '/app/filter.cjs'] };
    const env = captureEnv(filter, 'term-1');
    const messagesFile = requestCapture(filter, 'term-1', 'cargo check --all-features');
    expect(messagesFile).toMatch(new RegExp(`^${join(dir, 'messages')}/[\\w-]+\\.jsonl$`));
    expect(readFileSync(env.STEPWISE_CAPTURE_REQUEST!, 'utf8')).toBe(`${messagesFile}\n`);
    // Another terminal's shell has its own request; a command that is not one for it leaves none.
    expect(captureEnv(filter, 'term-2').STEPWISE_CAPTURE_REQUEST).not.toBe(env.STEPWISE_CAPTURE_REQUEST);
    expect(requestCapture(filter, 'term-2', 'cargo fmt')).toBeNull();
    expect(existsSync(captureEnv(filter, 'term-2').STEPWISE_CAPTURE_REQUEST!)).toBe(false);
    dropCaptureRequest(filter, 'term-1');
    expect(existsSync(env.STEPWISE_CAPTURE_REQUEST!)).toBe(false);
    dropCaptureRequest(filter, 'term-1'); // gone already: nothing to do
  });

  it('gives the shell the filter as words, one a line, never as shell code, and never sets ELECTRON_RUN_AS_NODE', () => {
    const filter = { messagesDir: '/m', requestsDir: '/r', command: ['/opt/My Apps/stepwise', '--stepwise-cargo-json-filter'] };
    const env = captureEnv(filter, 't');
    expect(env.STEPWISE_CARGO_FILTER).toBe('/opt/My Apps/stepwise\n--stepwise-cargo-json-filter');
    expect(Object.keys(env).sort()).toEqual(['STEPWISE_CAPTURE_REQUEST', 'STEPWISE_CARGO_FILTER']);
    expect(() => captureEnv({ ...filter, command: ['/bin/node', 'a\nb'] }, 't')).toThrow(/without newlines.*a\\nb/);
    expect(() => captureEnv({ ...filter, command: [] }, 't')).toThrow(/non-empty words/);
  });
});

/** Runs the filter on `input`; what it printed and what it kept aside. */
function filter(input: string | Buffer): { stdout: string; kept: string; status: number | null } {
  const messages = join(tempDir(), 'messages.jsonl');
  const result = spawnSync(process.execPath, [FILTER, messages], { input, encoding: 'utf8' });
  return { stdout: result.stdout, kept: readFileSync(messages, 'utf8'), status: result.status };
}

describe('resources/cargo-json/filter.cjs', () => {
  it('prints rendered compiler messages and every other line, and keeps the JSON messages aside', () => {
    const json = readFileSync(join(ROOT, 'test/fixtures/outputs/cargo-check-json.ansi.txt'), 'utf8');
    const messages = json.split('\n').filter((line) => line.startsWith('{'));
    const rendered = messages
      .map((line) => JSON.parse(line) as { reason: string; message?: { rendered?: string } })
      .filter((m) => m.reason === 'compiler-message')
      .map((m) => m.message!.rendered!)
      .join('');
    const { stdout, kept, status } = filter(json);
    expect(status).toBe(0);
    expect(kept).toBe(messages.map((line) => `${line}\n`).join(''));
    // The status line cargo printed first, the rendered diagnostics, and no JSON.
    expect(stdout.startsWith(json.split('\n')[0]!)).toBe(true);
    expect(stdout).toContain(rendered);
    expect(stdout).not.toContain('"reason"');
  });

  it('shows text that is not a cargo message as it came, a stray brace included, and a last line without newline', () => {
    const text = 'running 1 test\n{ not json\n{"no":"reason"}\ntest a ... ok\nprompt> ';
    const { stdout, kept } = filter(text);
    expect(stdout).toBe(text);
    expect(kept).toBe('');
  });

  it('reads messages split across reads, in any chunk', () => {
    const message = JSON.stringify({ reason: 'compiler-message', message: { rendered: 'error: é\n' } });
    const dir = tempDir();
    // Writes its input 3 bytes at a time, each in its own write to the pipe.
    const writer = join(dir, 'trickle.cjs');
    writeFileSync(writer, 'const b = Buffer.from(process.env.TEXT); let i = 0; const t = setInterval(() => { if (i >= b.length) return clearInterval(t); process.stdout.write(b.subarray(i, (i += 3))); }, 1);');
    const messages = join(dir, 'messages.jsonl');
    const result = spawnSync('sh', ['-c', '"$NODE" "$WRITER" | "$NODE" "$FILTER" "$MESSAGES"'], {
      encoding: 'utf8',
      env: { ...process.env, NODE: process.execPath, WRITER: writer, FILTER, MESSAGES: messages, TEXT: `${message}\nafter\n` },
    });
    expect(result.stdout).toBe('error: é\nafter\n');
    expect(readFileSync(messages, 'utf8')).toBe(`${message}\n`);
  });

  it('says how to call it when the messages file is missing', () => {
    const result = spawnSync(process.execPath, [FILTER], { input: '', encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: filter.cjs MESSAGES_FILE');
  });
});
