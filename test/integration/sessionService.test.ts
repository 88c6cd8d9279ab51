// SessionService: "open a project, then create its default session", the
// one way the app (project.open), a new session (session.start) and the CLI
// (`stepwise snapshots create`) do it: on a real journal and a git project.
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineFault } from '../../src/core/engine/errors';
import { sessionStep } from '../../src/core/sessions/sessionStep';
import type { SessionTerminals, Writability } from '../../src/core/sessions/sessionService';
import { commitAll } from '../helpers/gitRepo';
import { openJournalServices, type JournalServices } from '../helpers/journalServices';
import { useTempDir } from '../helpers/tempDir';
import { write } from '../helpers/treeListing';

const tempDir = useTempDir('stepwise-sessions-');
const opened: JournalServices[] = [];
afterEach(async () => {
  for (const services of opened.splice(0)) await services.close();
});

/** Terminals that record which sessions a new one replaced. */
function recordingTerminals(): SessionTerminals & { closed: [string, number][] } {
  const closed: [string, number][] = [];
  return { closed, closeOtherSessions: async (root, sessionId) => void closed.push([root, sessionId]) };
}

function scene(parts: { health?: Writability } = {}): { services: JournalServices; root: string; terminals: ReturnType<typeof recordingTerminals> } {
  const root = realpathSync(tempDir());
  write(root, 'Cargo.toml', '[package]\nname = "demo"\n');
  write(root, 'src/main.rs', 'fn main() {}\n');
  commitAll(root);
  const terminals = recordingTerminals();
  const services = openJournalServices(tempDir(), { terminals, ...parts });
  opened.push(services);
  return { services, root, terminals };
}

describe('SessionService: open a project, then its default session', () => {
  it('a project opened for the first time gets one session of the default plan, trusted, with the system recorded', async () => {
    const { services, root, terminals } = scene();
    const view = await services.sessions.open(root, { newSession: false });

    expect(view.project.path).toBe(root);
    expect(view.session).toMatchObject({ projectId: view.project.id, planId: services.reference.plans.default.id, planOrigin: 'builtin', trusted: true });
    expect(view.steps.length).toBe(view.plan.phases.flatMap((p) => p.steps).length);
    expect(services.journal.sessions.summaries(view.project.id).map((s) => s.id)).toEqual([view.session.id]);
    expect(services.journal.sessions.system(view.session.id)).toEqual(services.reference.system);
    // The new session replaced the project's others (it had none): their terminals are asked to close.
    expect(terminals.closed).toEqual([[root, view.session.id]]);
    // The snapshot index is warmed in the background as the project opens.
    await services.snapshots.settled();
    expect(existsSync(join(root, '.git', 'stepwise'))).toBe(true);
  });

  it('opening it again continues its latest session; newSession starts another that replaces it', async () => {
    const { services, root, terminals } = scene();
    const first = await services.sessions.open(root, { newSession: false });
    const again = await services.sessions.open(root, { newSession: false });
    expect(again.session.id).toBe(first.session.id);
    expect(terminals.closed).toHaveLength(1);

    const fresh = await services.sessions.open(root, { newSession: true });
    expect(fresh.session.id).not.toBe(first.session.id);
    expect(fresh.project.id).toBe(first.project.id);
    expect(terminals.closed.at(-1)).toEqual([root, fresh.session.id]);
    expect(services.journal.sessions.latest(first.project.id)?.id).toBe(fresh.session.id);
  });

  it('session.start makes the same project and a session of the plan asked for', async () => {
    const { services, root, terminals } = scene();
    const view = await services.sessions.start({ path: root, plan: { builtin: services.reference.plans.default.id }, params: {} });
    expect(view.session).toMatchObject({ planOrigin: 'builtin', trusted: true });
    expect(terminals.closed).toEqual([[root, view.session.id]]);
    expect((await services.sessions.open(root, { newSession: false })).session.id).toBe(view.session.id);
  });

  it('the CLI finds the current session, and makes the project and its default session only when asked', async () => {
    const { services, root } = scene();
    expect(await services.sessions.current(root, { create: false })).toBeNull();
    expect(services.journal.projects.byPath(root)).toBeNull();

    const created = await services.sessions.current(root, { create: true });
    expect(created).not.toBeNull();
    expect(await services.sessions.current(root, { create: true })).toBe(created);
    const view = await services.sessions.open(root, { newSession: false });
    expect(view.session.id).toBe(created);
    expect(view.session.planId).toBe(services.reference.plans.default.id);

    const other = realpathSync(tempDir());
    write(other, 'Cargo.toml', '[package]\nname = "other"\n');
    mkdirSync(join(other, 'src'));
    const otherSession = (await services.sessions.open(other, { newSession: false })).session.id;
    await expect(services.sessions.current(root, { sessionId: otherSession, create: false })).rejects.toThrow(`session ${otherSession} is not a session of ${root}`);
  });

  it('while the journal cannot be written, a known project opens as it was and a new one is refused', async () => {
    const refused = new EngineFault('io', 'The disk is full');
    let writable = true;
    const health: Writability = {
      get writable() {
        return writable;
      },
      refusal: () => refused,
      assertWritable: () => {
        if (!writable) throw refused;
      },
    };
    const { services, root } = scene({ health });
    const known = await services.sessions.open(root, { newSession: false });
    writable = false;
    expect((await services.sessions.open(root, { newSession: false })).session.id).toBe(known.session.id);
    await expect(services.sessions.open(root, { newSession: true })).rejects.toBe(refused);
    const unknown = realpathSync(tempDir());
    write(unknown, 'Cargo.toml', '[package]\nname = "unknown"\n');
    await expect(services.sessions.open(unknown, { newSession: false })).rejects.toBe(refused);
    expect(services.journal.sessions.summaries().map((s) => s.id)).toEqual([known.session.id]);
  });

  it('refuses a folder that is not an absolute path to a folder, before writing anything', async () => {
    const { services, root } = scene();
    await expect(services.sessions.open('relative/path', { newSession: false })).rejects.toMatchObject({ code: 'invalid-params' });
    await expect(services.sessions.open(join(root, 'Cargo.toml'), { newSession: false })).rejects.toThrow(/Not a folder/);
    await expect(services.sessions.open(join(root, 'missing'), { newSession: false })).rejects.toMatchObject({ code: 'not-found' });
    expect(services.journal.projects.recent(10)).toEqual([]);
  });
});

describe('SessionService: a Rust project, and its plan fitted to it', () => {
  it('refuses a folder without Cargo.toml (app and session.start alike), naming the workspace root above it, before writing anything', async () => {
    const { services, root } = scene();
    write(root, 'docs/notes.md', '# notes\n');
    const docs = join(root, 'docs');
    const refusal = `${docs} is not a Rust project: it has no Cargo.toml. ${root} above it has one: open that folder instead.`;
    await expect(services.sessions.open(docs, { newSession: false })).rejects.toMatchObject({ code: 'invalid-params', message: refusal });
    await expect(services.sessions.start({ path: docs, plan: { builtin: services.reference.plans.default.id }, params: {} })).rejects.toThrow(refusal);
    const lone = realpathSync(tempDir());
    await expect(services.sessions.open(lone, { newSession: false })).rejects.toThrow(`${lone} is not a Rust project: neither it nor any folder above it has a Cargo.toml`);
    expect(services.journal.projects.recent(10)).toEqual([]);
  });

  it('journals the fitted plan: sources on its parameters, steps that do not apply marked and never run; a value set stays set', async () => {
    const { services, root } = scene();
    const view = await services.sessions.open(root, { newSession: false });
    const parameter = (v: typeof view, name: string) => v.plan.parameters.find((p) => p.name === name)!;
    expect(parameter(view, 'edition')).toMatchObject({ value: '2015', source: "Cargo's default; not used: no Cargo.toml of this project writes an edition" });
    expect(parameter(view, 'to_wasmtime')).toMatchObject({ used: false });
    expect(view.plan.title).not.toContain('wasmtime');
    const bump = view.plan.phases.flatMap((p) => p.steps).find((s) => s.id === 'bump-wasmtime')!;
    expect(bump).toMatchObject({ applies: false, reason: "wasmtime is not in this project's dependency graph" });
    // What the journal keeps is what the view showed.
    expect(services.journal.sessions.get(view.session.id).plan.parameters).toEqual(view.plan.parameters);
    expect(() => sessionStep(services.journal, view.session.id, 'bump-wasmtime')).toThrow(`step "bump-wasmtime" does not apply to this project: wasmtime is not in this project's dependency graph`);
    expect(sessionStep(services.journal, view.session.id, 'backup-branch').step.id).toBe('backup-branch');

    const set = await services.sessions.setParams(view.session.id, { to_rust: '1.70' });
    expect(parameter(set, 'to_rust')).toMatchObject({ value: '1.70', source: 'set by you' });
    const again = await services.sessions.setParams(view.session.id, { from_rust: '1.60' });
    expect(parameter(again, 'to_rust')).toMatchObject({ value: '1.70', source: 'set by you' });
    expect(again.session.params).toMatchObject({ to_rust: '1.70', from_rust: '1.60' });
  });

  it('keeps where the project started when fitted again after the session moved its pin', async () => {
    const { services, root } = scene();
    write(root, 'rust-toolchain.toml', '[toolchain]\nchannel = "1.63.0"\n');
    const view = await services.sessions.open(root, { newSession: false });
    const parameter = (v: typeof view, name: string) => v.plan.parameters.find((p) => p.name === name)!;
    expect(parameter(view, 'from_rust')).toMatchObject({ value: '1.63', source: 'rust-toolchain.toml' });
    // The upgrade's own edit moves the pin; a parameter set afterwards must not move where it started.
    write(root, 'rust-toolchain.toml', '[toolchain]\nchannel = "stable"\n');
    const set = await services.sessions.setParams(view.session.id, { to_rust: 'stable' });
    expect(parameter(set, 'from_rust')).toMatchObject({ value: '1.63', source: 'rust-toolchain.toml' });
    expect(set.plan.title).toBe('Rust 1.63 → stable');
  });
});
