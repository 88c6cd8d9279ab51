// A plan step that runs cargo gets cargo's JSON messages, end to end with
// real cargo on the photondrift fixture, in bash and in zsh: what is typed,
// shown and kept in history is the step's command as written; the terminal
// shows the rendered, coloured error (no JSON); the issues come with exact
// spans and codes; the step's exit status is cargo's; and the messages and
// request files are gone once read.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/shared/ansi';
import type { Diagnostic, RunRecord } from '../../src/shared/model';
import { ParserService } from '../../src/core/diagnostics/offThreadParser';
import { withCargoMessages } from '../../src/core/runs/cargoJsonStep';
import { openFixtureSession, type FixtureSession } from '../helpers/fixtureSession';
import { UNRESOLVED_IMPORT, UNUSED_VARIABLE } from '../helpers/photondrift';
import { sessionIssues } from '../helpers/sessionLists';

const FORMAT = '--message-format=json-diagnostic-rendered-ansi';

/** Every shell the terminal runs with integration, and how it lists its history. */
const SHELLS = [
  { shell: '/bin/bash', name: 'bash', history: 'history' },
  { shell: '/usr/bin/zsh', name: 'zsh', history: 'fc -l' },
];
/** What the capture does in the shell, which the user must never see typed, shown or recalled. */
const PLUMBING = /message-format|filter\.cjs|PIPESTATUS|pipestatus|CARGO_TERM_COLOR|stepwise-cargo-json-filter/;

describe.each(SHELLS)('a cargo step in $shell', ({ shell, name, history }) => {
  let s: FixtureSession;
  beforeAll(async () => {
    process.env.SHELL = shell; // the engine's shells start as the user's login shell
    s = await openFixtureSession('photondrift');
    // A second warning of the same lint: rustc's text names the lint at the first only, its JSON at each.
    appendFileSync(join(s.project, 'src/plugins.rs'), '\npub fn second_warning() {\n    let also_unused = 1;\n}\n');
  });
  afterAll(() => s.close());

  it('types the step as written, keeps it so in history, shows the rendered error, and journals issues from JSON', async () => {
    let terminal = '';
    s.h.client.on('terminal.data', ({ data }) => (terminal += data));
    const finished = (command: string) =>
      new Promise<RunRecord>((resolve) => {
        const off = s.h.client.on('run.finished', (run) => {
          if (run.command !== command) return;
          off();
          resolve(run);
        });
      });
    const checked = finished('cargo check --all-features');
    await s.h.client.request('step.run', { sessionId: s.sessionId, stepId: 'check-all-features', terminalId: s.terminalId });
    const run = await checked;
    await s.h.engine.settled();

    // cargo's own status; the command is the plan's, typed as written.
    expect(run).toMatchObject({ exitCode: 101, status: 'failed', command: 'cargo check --all-features' });
    const plain = stripAnsi(terminal);
    expect(plain).toContain('cargo check --all-features');
    // cargo's own stderr lines come through the same pipe: after the diagnostics they sum up.
    expect(plain.indexOf('error[E0432]')).toBeLessThan(plain.indexOf('could not compile'));
    // The rendered diagnostic, in rustc's colours, and no JSON.
    expect(terminal).toMatch(/\x1b\[[\d;]*merror\[E0432\]/);
    expect(plain).toContain('error[E0432]: unresolved import `wasmtime::WasiCtxBuilder`');
    expect(terminal).not.toContain('"reason"');
    const { output } = await s.h.client.request('run.output', { runId: run.id });
    expect(stripAnsi(output)).toContain('--> src/plugins.rs:7:5');

    // Exact from JSON: the span's column, and every unused variable with its lint's name (rustc's text names it once).
    const issues = await sessionIssues(s.h.client, s.sessionId);
    expect(issues.find((i) => i.code === 'E0432')).toMatchObject({ ...UNRESOLVED_IMPORT, column: 5, runId: run.id });
    const unused = issues.filter((i) => i.message.startsWith('unused variable'));
    expect(unused.map((i) => i.message).sort()).toEqual(['unused variable: `also_unused`', 'unused variable: `max_pages`']);
    expect(unused.every((i) => i.code === UNUSED_VARIABLE.code)).toBe(true);
    expect(readdirSync(join(s.h.dataDir, 'cargo-messages'))).toEqual([]);
    expect(readdirSync(join(s.h.dataDir, 'cargo-capture'))).toEqual([]);

    // The shell's history holds the step's command as written, the last before the listing itself.
    const listed = finished(history);
    s.h.client.notify('terminal.input', { terminalId: s.terminalId, data: `${history}\r` });
    const listing = stripAnsi((await s.h.client.request('run.output', { runId: (await listed).id })).output);
    const entries = listing.split(/\r?\n/).map((line) => line.replace(/^\s*\d+\*?\s+/, '').trim()).filter(Boolean);
    expect(entries.filter((entry) => entry !== history).at(-1)).toBe('cargo check --all-features');
    expect(listing).not.toMatch(PLUMBING);
    expect(stripAnsi(terminal)).not.toMatch(PLUMBING);

    // And that shell it was.
    const which = 'echo "shell=${ZSH_VERSION:+zsh}${BASH_VERSION:+bash}"';
    const asked = finished(which);
    s.h.client.notify('terminal.input', { terminalId: s.terminalId, data: `${which}\r` });
    expect((await s.h.client.request('run.output', { runId: (await asked).id })).output).toContain(`shell=${name}`);
  });
});

describe('cargo JSON messages, merged with what the terminal showed', () => {
  let s: FixtureSession;
  beforeAll(async () => {
    s = await openFixtureSession('photondrift');
  });
  afterAll(() => s.close());

  it('takes the issues of a run from its JSON messages first, then what only the terminal showed', async () => {
    const cargo = spawnSync('cargo', ['check', '--all-features', '--offline', FORMAT], { cwd: s.project, encoding: 'utf8' });
    expect(cargo.status).toBe(101);
    const file = join(s.project, 'messages.jsonl');
    writeFileSync(file, cargo.stdout);
    const fromTerminal: Diagnostic[] = [
      // The same error read from the rendered text: the JSON one wins.
      { ...UNRESOLVED_IMPORT, rendered: 'as the terminal showed it' },
      { severity: 'error', tool: 'libtest', code: null, message: 'tests::bad panicked', file: 'src/lib.rs', line: 3, column: 1, rendered: '' },
    ];
    const parsers = new ParserService();
    const merged = await withCargoMessages(parsers, file, fromTerminal);
    const fromJson = merged.find((d) => d.code === 'E0432');
    expect(fromJson).toMatchObject({ ...UNRESOLVED_IMPORT, column: 5 });
    expect(fromJson?.rendered).toMatch(/^error\[E0432\]: unresolved import `wasmtime::WasiCtxBuilder`\n +--> src\/plugins\.rs:7:5/);
    expect(merged.filter((d) => d.code === 'E0432')).toHaveLength(1);
    expect(merged.at(-1)).toEqual(fromTerminal[1]);
    expect(readdirSync(s.project)).not.toContain('messages.jsonl');
  });

  it("keeps one issue for a lint warning the terminal's text showed without its lint's name", async () => {
    const cargo = spawnSync('cargo', ['check', '--all-features', '--offline', FORMAT], { cwd: s.project, encoding: 'utf8' });
    const file = join(s.project, 'messages.jsonl');
    const parsers = new ParserService();
    writeFileSync(file, cargo.stdout);
    const unused = (await withCargoMessages(parsers, file, [])).find((d) => d.code === UNUSED_VARIABLE.code)!;
    expect(unused).toMatchObject(UNUSED_VARIABLE);
    // rustc's text names the lint (`#[warn(unused_variables)]`) at its first warning only: the parser reads the rest without a code.
    writeFileSync(file, cargo.stdout);
    const merged = await withCargoMessages(parsers, file, [{ ...unused, code: null, rendered: 'as the terminal showed it' }]);
    expect(merged.filter((d) => d.message === unused.message)).toEqual([unused]);
  });
});
