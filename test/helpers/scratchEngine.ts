// An engine harness for work done in scratch copies (bisections, migrations):
// the engine's TMPDIR is a fresh folder, so whatever is left there is a copy
// it did not remove; a project made in the work folder, opened in a session.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startHarness, type Harness } from './engineHarness';

export interface ScratchEngine {
  readonly h: Harness;
  readonly work: string;
  /** The engine's temporary folder: empty when every scratch copy was removed. */
  readonly scratch: string;
  readonly project: string;
  readonly sessionId: number;
}

/** Set up in beforeAll, removed in afterAll; read its fields inside tests. */
export function useScratchEngine(prefix: string, make: (work: string) => string): ScratchEngine {
  let state: { h?: Harness; work: string; scratch: string; project: string; sessionId: number } = { work: '', scratch: '', project: '', sessionId: 0 };
  const savedTmp = process.env.TMPDIR;
  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), prefix));
    const scratch = join(work, 'tmp');
    mkdirSync(scratch);
    const project = make(work);
    state = { work, scratch, project, sessionId: 0 };
    state.h = await startHarness();
    process.env.TMPDIR = scratch;
    state.sessionId = (await state.h.client.request('project.open', { path: project })).session.id;
  }, 60_000);
  afterAll(async () => {
    await state.h?.close();
    process.env.TMPDIR = savedTmp;
    if (state.work) rmSync(state.work, { recursive: true, force: true });
  });
  return {
    get h() {
      if (!state.h) throw new Error('the engine starts in beforeAll');
      return state.h;
    },
    get work() {
      return state.work;
    },
    get scratch() {
      return state.scratch;
    },
    get project() {
      return state.project;
    },
    get sessionId() {
      return state.sessionId;
    },
  };
}
