// The projects table: every folder a session was started in.
import { basename } from 'node:path';
import type { Project } from '../../../shared/model';
import { now, Repository } from './repository';

interface ProjectRow { id: number; path: string; name: string; created_at: string; last_opened_at: string }

const toProject = (r: ProjectRow): Project => ({ id: r.id, path: r.path, name: r.name, lastOpenedAt: r.last_opened_at });

export class ProjectRepository extends Repository {
  /** Records the project (once) and when it was last opened. */
  open(path: string): Project {
    const at = now();
    this.db.run(
      `INSERT INTO projects (path, name, created_at, last_opened_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(path) DO UPDATE SET last_opened_at = excluded.last_opened_at`,
      path, basename(path) || path, at, at,
    );
    return toProject(this.db.get<ProjectRow>('SELECT * FROM projects WHERE path = ?', path)!);
  }

  get(id: number): Project {
    return this.byId('projects', 'project', id, toProject);
  }

  /** The project at this (resolved) path, if the journal has it; records nothing. */
  byPath(path: string): Project | null {
    const row = this.db.get<ProjectRow>('SELECT * FROM projects WHERE path = ?', path);
    return row ? toProject(row) : null;
  }

  recent(limit: number): Project[] {
    return this.db.all<ProjectRow>('SELECT * FROM projects ORDER BY last_opened_at DESC, id DESC LIMIT ?', limit).map(toProject);
  }
}
