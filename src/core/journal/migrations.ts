// Numbered journal migrations. Append only: an applied migration is never
// edited, because each one's checksum is stored and checked at every start.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'projects, sessions, steps and runs',
    sql: `
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_opened_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        plan_id TEXT NOT NULL,
        plan_title TEXT NOT NULL,
        plan_json TEXT NOT NULL,
        started_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_project ON sessions(project_id, id);
      CREATE TABLE step_states (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        step_id TEXT NOT NULL,
        status TEXT NOT NULL,
        last_run_id INTEGER,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (session_id, step_id)
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        step_id TEXT,
        command TEXT NOT NULL,
        cwd TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        exit_code INTEGER,
        duration_ms INTEGER,
        status TEXT NOT NULL
      );
      CREATE INDEX runs_by_session ON runs(session_id, id);
      CREATE TABLE run_output (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        seq INTEGER NOT NULL,
        chunk TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      );
    `,
  },
  {
    version: 2,
    name: 'issues found in run output',
    sql: `
      CREATE TABLE issues (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        run_id INTEGER NOT NULL REFERENCES runs(id),
        step_id TEXT,
        severity TEXT NOT NULL,
        tool TEXT NOT NULL,
        code TEXT,
        message TEXT NOT NULL,
        file TEXT,
        line INTEGER,
        col INTEGER,
        rendered TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX issues_by_session ON issues(session_id, id);
    `,
  },
  {
    version: 3,
    name: 'plan parameters, plan origin and trust; applied edits',
    sql: `
      ALTER TABLE sessions ADD COLUMN plan_source_json TEXT;
      ALTER TABLE sessions ADD COLUMN params_json TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE sessions ADD COLUMN plan_origin TEXT NOT NULL DEFAULT 'builtin';
      ALTER TABLE sessions ADD COLUMN trusted INTEGER NOT NULL DEFAULT 1;
      CREATE TABLE edits (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        step_id TEXT NOT NULL,
        file TEXT NOT NULL,
        diff TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
      CREATE INDEX edits_by_session ON edits(session_id, id);
    `,
  },
  {
    version: 4,
    name: 'issues followed across runs: fingerprint, state, events; the tree each run started on',
    sql: `
      ALTER TABLE issues ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
      ALTER TABLE issues ADD COLUMN state TEXT NOT NULL DEFAULT 'open';
      ALTER TABLE issues ADD COLUMN first_run_id INTEGER;
      ALTER TABLE issues ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE issues ADD COLUMN note TEXT;
      ALTER TABLE issues ADD COLUMN wontfix_reason TEXT;
      ALTER TABLE issues ADD COLUMN fixed_by_run_id INTEGER;
      ALTER TABLE issues ADD COLUMN fix_diff TEXT;
      ALTER TABLE issues ADD COLUMN updated_at TEXT;
      UPDATE issues SET fingerprint = 'legacy:' || id, first_run_id = run_id, updated_at = created_at;
      CREATE UNIQUE INDEX issues_by_fingerprint ON issues(session_id, fingerprint);
      CREATE TABLE issue_events (
        id INTEGER PRIMARY KEY,
        issue_id INTEGER NOT NULL REFERENCES issues(id),
        state TEXT NOT NULL,
        run_id INTEGER,
        detail TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX issue_events_by_issue ON issue_events(issue_id, id);
      ALTER TABLE runs ADD COLUMN tree TEXT;
    `,
  },
  {
    version: 5,
    name: 'rollback snapshots taken during a session',
    sql: `
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        step_id TEXT,
        store TEXT NOT NULL,
        store_id TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        file_count INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        left_out_json TEXT NOT NULL
      );
      CREATE INDEX snapshots_by_session ON snapshots(session_id, id);
    `,
  },
  {
    version: 6,
    name: 'snapshot kind, toolchain and issue link; restores',
    // restores.snapshot_id and safety_snapshot_id have no foreign key: pruning
    // a snapshot keeps the history of the restores that used it.
    sql: `
      ALTER TABLE snapshots ADD COLUMN kind TEXT NOT NULL DEFAULT 'auto';
      ALTER TABLE snapshots ADD COLUMN toolchain_json TEXT;
      ALTER TABLE snapshots ADD COLUMN issue_id INTEGER REFERENCES issues(id);
      CREATE TABLE restores (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        snapshot_id INTEGER NOT NULL,
        safety_snapshot_id INTEGER,
        mode TEXT NOT NULL,
        files_json TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        toolchain_commands_json TEXT NOT NULL,
        error TEXT
      );
      CREATE INDEX restores_by_session ON restores(session_id, id);
      CREATE INDEX restores_by_status ON restores(status);
    `,
  },
  {
    version: 7,
    name: 'measurements: baseline, after and ad hoc metrics with the toolchain they ran under',
    sql: `
      CREATE TABLE measurements (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        toolchain TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        metrics_json TEXT NOT NULL DEFAULT '[]',
        tests_json TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX measurements_by_session ON measurements(session_id, id);
    `,
  },
  {
    version: 8,
    name: 'old-against-new checks: one cargo command under two toolchains',
    sql: `
      CREATE TABLE toolchain_comparisons (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        args TEXT NOT NULL,
        created_at TEXT NOT NULL,
        old_json TEXT NOT NULL,
        new_json TEXT NOT NULL,
        common INTEGER NOT NULL
      );
      CREATE INDEX toolchain_comparisons_by_session ON toolchain_comparisons(session_id, id);
    `,
  },
  {
    version: 9,
    name: 'the operating system a session started on',
    // NULL for sessions started before it was recorded: the guide says "not recorded".
    sql: `
      ALTER TABLE sessions ADD COLUMN system_json TEXT;
    `,
  },
  {
    version: 10,
    name: 'issue indexes for the guide: by kind, by the run that first showed them, annotated ones',
    // A guide counts issues by kind, picks the first of each kind, counts those
    // each run found and lists the annotated ones: each was a scan of every
    // issue row (100,000 in a long session), each is now a walk of a small index.
    sql: `
      CREATE INDEX issues_by_kind ON issues(session_id, state, tool, code, severity);
      CREATE INDEX issues_by_first_run ON issues(session_id, first_run_id);
      CREATE INDEX issues_with_note ON issues(session_id, id) WHERE note IS NOT NULL;
    `,
  },
  {
    version: 11,
    name: "a run's output sizes: every byte it printed, and the bytes of it the journal keeps",
    // A run keeps its output's head and tail (terminal/outputCapture.ts); these
    // say how much that is of the whole. NULL for runs from before they were kept.
    sql: `
      ALTER TABLE runs ADD COLUMN output_bytes INTEGER;
      ALTER TABLE runs ADD COLUMN output_kept_bytes INTEGER;
    `,
  },
  {
    version: 12,
    name: 'one row the engine rewrites to learn whether the journal can be written again',
    // After a write failed for the disk (full, read-only), engine/journalHealth.ts
    // probes with a real, committed write: a rolled-back one never reaches the disk.
    sql: `
      CREATE TABLE journal_probe (id INTEGER PRIMARY KEY CHECK (id = 1), written_at TEXT NOT NULL);
    `,
  },
  {
    version: 13,
    name: 'the toolchain as rustup saw it after a step moved it',
    // Snapshots record the toolchain before a change; this is after one: an
    // edit of a rust-toolchain file, a toolchain step that passed. The guide's
    // "After" is the newest of the two.
    sql: `
      CREATE TABLE toolchain_states (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        step_id TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        state_json TEXT NOT NULL
      );
      CREATE INDEX toolchain_states_by_session ON toolchain_states(session_id, id);
    `,
  },
  {
    version: 14,
    name: 'why a step moved without a run doing its work',
    // "already done: toolchain stable is installed": set by the move that has a
    // reason, cleared by any other, so the guide can say why a step passed unrun.
    sql: `
      ALTER TABLE step_states ADD COLUMN note TEXT;
    `,
  },
  {
    version: 15,
    name: 'who started a run (a step, the user, or Stepwise for itself) and in which of the session\'s terminals',
    // Before, a run without a step read as "typed in the terminal", measurements'
    // commands included. Older runs with a step were a step's; the others stay NULL:
    // nothing in them tells typed commands from Stepwise's own. A session had one
    // terminal before: NULL is its main one.
    sql: `
      ALTER TABLE runs ADD COLUMN origin TEXT;
      ALTER TABLE runs ADD COLUMN terminal TEXT;
      UPDATE runs SET origin = 'step' WHERE step_id IS NOT NULL;
    `,
  },
  {
    version: 16,
    name: "an after's test integrity: the tests and lint levels it relaxed against its baseline",
    // Judged once, when the after ends: the trees it compares are unreferenced git objects that gc may prune later.
    sql: `
      ALTER TABLE measurements ADD COLUMN integrity_json TEXT;
    `,
  },
  {
    version: 17,
    name: 'toolchain bisections run from the wizard',
    // The report whole, as JSON: it is written once and read whole (the wizard, the guide).
    sql: `
      CREATE TABLE bisections (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        created_at TEXT NOT NULL,
        report_json TEXT NOT NULL
      );
      CREATE INDEX bisections_by_session ON bisections(session_id, id);
    `,
  },
  {
    version: 18,
    name: 'the tree a step\'s run ended on',
    // Without it, what the user changed by hand after a step ran (in an editor) reads as that step's change.
    sql: `
      ALTER TABLE runs ADD COLUMN end_tree TEXT;
    `,
  },
];
