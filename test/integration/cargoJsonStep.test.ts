// A plan step that runs cargo gets cargo's JSON messages, end to end with
// real cargo on the photondrift fixture: the terminal shows the rendered,
// coloured error (no JSON), the issue comes with its exact span, the step's
// exit status is cargo's, and the messages file is gone once read.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
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

describe('cargo steps with JSON messages', () => {
  let s: FixtureSession;
  beforeAll(async () => {
    s = await openFixtureSession('photondrift');
  });
  afterAll(() => s.close());

  it('shows the rendered error, journals the issue from JSON, and keeps cargo exit status', async () => {
    let terminal = '';
    s.h.client.on('terminal.data', ({ data }) => (terminal += data));
    const finished = new Promise<RunRecord>((resolve) => s.h.client.on('run.finished', resolve));
    await s.h.client.request('step.run', { sessionId: s.sessionId, stepId: 'check-all-features', terminalId: s.terminalId });
    const run = await finished;
    await s.h.engine.settled();

    // cargo's own status, the journaled command is the plan's, not the pipeline typed for it.
    expect(run).toMatchObject({ exitCode: 101, status: 'failed', command: 'cargo check --all-features' });
    expect(stripAnsi(terminal)).toContain(`cargo check ${FORMAT} --all-features 2>&1 | `);
    // cargo's own stderr lines come through the same pipe: after the diagnostics they sum up.
    const plain = stripAnsi(terminal);
    expect(plain.indexOf('error[E0432]')).toBeLessThan(plain.indexOf('could not compile'));
    // The rendered diagnostic, in rustc's colours, and no JSON.
    expect(terminal).toMatch(/\x1b\[[\d;]*merror\[E0432\]/);
    expect(stripAnsi(terminal)).toContain('error[E0432]: unresolved import `wasmtime::WasiCtxBuilder`');
    expect(terminal).not.toContain('"reason"');
    const { output } = await s.h.client.request('run.output', { runId: run.id });
    expect(stripAnsi(output)).toContain('--> src/plugins.rs:7:5');

    const issues = await sessionIssues(s.h.client, s.sessionId);
    expect(issues.find((i) => i.code === 'E0432')).toMatchObject({ ...UNRESOLVED_IMPORT, column: 5, runId: run.id });
    expect(readdirSync(join(s.h.dataDir, 'cargo-messages'))).toEqual([]);
  });

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
