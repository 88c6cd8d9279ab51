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
import { DEFAULT_GUIDE_OPTIONS, type GuideFormat } from '../../src/shared/guide';
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
