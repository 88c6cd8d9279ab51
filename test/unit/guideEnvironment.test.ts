// The guide's operating system: what a session recorded as it started (journal
// migration 9), in every format; a session from an older journal still
// exports, and says it was not recorded.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectGuide, type GuideExport } from '../../src/core/guide/export';
import type { HostSystem } from '../../src/core/platform/hostSystem';
import { knownBreakageOf } from '../../src/core/issues/explainIssue';
import { openDatabase } from '../../src/core/journal/database';
import { Journal } from '../../src/core/journal/journal';
import { MIGRATIONS } from '../../src/core/journal/migrations';
import { parsePlan } from '../../src/core/plans/planFile';
import type { ToolchainSummary } from '../../src/core/guide/model';
import { DEFAULT_GUIDE_OPTIONS, type GuideFormat } from '../../src/shared/guide';
import type { ToolchainState } from '../../src/shared/model';
import { useTempDir } from '../helpers/tempDir';

const plan = { id: 'p', title: 'Plan', source: '', description: '', parameters: [], phases: [] };
const SYSTEM: HostSystem = { type: 'Linux', release: '6.8.0-45-generic', arch: 'x64', name: 'Ubuntu 24.04.1 LTS' };

function guide(journal: Journal, sessionId: number, format: GuideFormat): string {
  const request: GuideExport = {
    journal, sessionId, format, options: DEFAULT_GUIDE_OPTIONS, known: knownBreakageOf([]), home: '/home/dev', version: 'test',
  };
  return collectGuide(request).text;
}

describe('the operating system in the guide', () => {
  const tempDir = useTempDir();

  it('shows what the session recorded as it started, in every format', () => {
    const journal = Journal.open(join(tempDir(), 'journal.sqlite'));
    const project = journal.projects.open('/work/p');
    const session = journal.sessions.create(project.id, { source: plan, resolved: plan, params: {}, origin: 'builtin', trusted: true, system: SYSTEM });
    expect(journal.sessions.system(session.id)).toEqual(SYSTEM);

    const text = 'Ubuntu 24.04.1 LTS, Linux 6.8.0-45-generic (x64)';
    expect(guide(journal, session.id, 'md')).toContain(`**Operating system:** ${text}\n`);
    expect(guide(journal, session.id, 'html')).toContain(`<p><strong>Operating system: </strong>${text}</p>`);
    expect((JSON.parse(guide(journal, session.id, 'json')) as { environment: { system: HostSystem } }).environment.system).toEqual(SYSTEM);
    expect(guide(journal, session.id, 'adr')).toContain(`- The system it ran on: ${text}\n`);
    journal.close();
  });

  it('says "not recorded" for a session journaled before migration 9', () => {
    const file = join(tempDir(), 'journal.sqlite');
    const before = MIGRATIONS.findIndex((m) => m.version === 9);
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, before) });
    old.prepare(`INSERT INTO projects (id, path, name, created_at, last_opened_at) VALUES (1, '/work/p', 'p', 'a', 'b')`).run();
    old
      .prepare(`INSERT INTO sessions (id, project_id, plan_id, plan_title, plan_json, started_at) VALUES (1, 1, 'p', 'Plan', ?, '2026-01-02T03:04:05.000Z')`)
      .run(JSON.stringify(plan));
    old.close();

    const journal = Journal.open(file);
    expect(journal.sessions.system(1)).toBeNull();
    expect(guide(journal, 1, 'md')).toContain('**Operating system:** not recorded (this session started before Stepwise recorded it');
    expect(guide(journal, 1, 'html')).toContain('<p><strong>Operating system: </strong>not recorded (');
    expect((JSON.parse(guide(journal, 1, 'json')) as { environment: { system: unknown } }).environment.system).toBeNull();
    expect(guide(journal, 1, 'adr')).not.toContain('The system it ran on');
    journal.close();
  });
});

describe("the guide's toolchain after", () => {
  const tempDir = useTempDir();
  const state = (channel: string): ToolchainState => ({
    active: `${channel}-x86_64-unknown-linux-gnu`, defaultToolchain: 'stable-x86_64-unknown-linux-gnu', installed: [], components: [], targets: [],
    toolchainFile: { path: 'rust-toolchain.toml', content: `[toolchain]\nchannel = "${channel}"\n` }, error: null,
  });
  const pinPlan = parsePlan(
    'id: p\ntitle: Plan\nphases:\n  - { id: ph, title: Phase, steps: [{ id: pin, title: Pin stable, kind: edit, edit: { pins: { kinds: [toolchain-channel], to: stable } } }] }\n',
    'pin.yaml',
  );
  // Snapshots at set times around the state, recorded now.
  const snapshot = (journal: Journal, sessionId: number, channel: string, createdAt: string): void => {
    journal.snapshots.record(sessionId, 'pin', { store: 'folder', id: createdAt, label: 'Before', createdAt, fileCount: 1, bytes: 1, leftOut: [] }, { toolchain: state(channel) });
  };
  const environment = (journal: Journal, sessionId: number) =>
    (JSON.parse(guide(journal, sessionId, 'json')) as { environment: { before: ToolchainSummary; after: ToolchainSummary } }).environment;

  it('is the toolchain recorded after the step that moved it, not the last snapshot, taken before that step', () => {
    const journal = Journal.open(join(tempDir(), 'journal.sqlite'));
    const project = journal.projects.open('/work/p');
    const session = journal.sessions.create(project.id, { source: pinPlan, resolved: pinPlan, params: {}, origin: 'builtin', trusted: true });
    snapshot(journal, session.id, 'debian-1.63', '2026-01-02T03:04:05.000Z');
    snapshot(journal, session.id, 'debian-1.63', '2026-01-02T03:05:00.000Z');
    journal.toolchainStates.record(session.id, 'pin', state('stable'));
    const { before, after } = environment(journal, session.id);
    expect(before).toMatchObject({ source: 'snapshot #1', active: 'debian-1.63-x86_64-unknown-linux-gnu' });
    expect(after).toMatchObject({ source: 'after step "Pin stable"', active: 'stable-x86_64-unknown-linux-gnu' });
    expect(guide(journal, session.id, 'md')).toContain('| Recorded by | snapshot #1 | after step "Pin stable" |');

    // A snapshot taken after that step knows as much, and is newer.
    snapshot(journal, session.id, 'stable', '2099-01-01T00:00:00.000Z');
    expect(environment(journal, session.id).after).toMatchObject({ source: 'snapshot #3', active: 'stable-x86_64-unknown-linux-gnu' });
    journal.close();
  });
});
