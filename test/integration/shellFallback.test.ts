// A login shell Stepwise has no integration for: the engine's terminal runs
// bash and says why in its first line, where the user looks.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stripAnsi } from '../../src/shared/ansi';
import { openFixtureSession, type FixtureSession } from '../helpers/fixtureSession';

let s: FixtureSession;
beforeAll(async () => {
  process.env.SHELL = '/usr/bin/fish';
  s = await openFixtureSession('photondrift');
});
afterAll(() => s.close());

it('runs bash in place of a shell without integration, and says so in the terminal', async () => {
  const { replay } = await s.h.client.request('terminal.open', { sessionId: s.sessionId, cols: 120, rows: 30 });
  expect(stripAnsi(replay).split('\r\n')[0]).toBe('[stepwise] your shell (/usr/bin/fish) has no Stepwise integration (bash and zsh have), so this terminal runs bash');
  const finished = new Promise<{ id: number }>((resolve) => s.h.client.on('run.finished', resolve));
  s.h.client.notify('terminal.input', { terminalId: s.terminalId, data: 'echo "$BASH_VERSION"\r' });
  const { output } = await s.h.client.request('run.output', { runId: (await finished).id });
  expect(output.trim()).toMatch(/^\d+\.\d+\.\d+/);
});
