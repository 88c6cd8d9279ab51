// `npm run bench`: whole-command timings of Stepwise against a baseline that
// does the least possible work on the same input, as a table of medians.
//
// Each benchmark is one entry in BENCHMARKS: a setup that prepares (and
// caches under .cache/bench/) its input, a baseline and a subject, each a
// command run through `sh -c` in a given folder, and an optional check of
// the subject's output (a fast wrong answer is not a result), and an optional
// `inside` that reads from the subject's output how long its work took
// without process start (what the engine, already running, would spend).
// An optional `prepare` command runs, untimed, before each run of the
// subject (what the app does in the background beforehand); `prepared` reads
// its own time from its output, listed after the table.
// Both commands run once to warm the page cache, then RUNS times each,
// alternating; the table shows the medians and subject/baseline. No
// pass/fail: figures only.
//
//   node scripts/bench.mjs                   run every benchmark
//   node scripts/bench.mjs scan              only those whose name contains "scan"
//   node scripts/bench.mjs snapshot          the snapshot and restore benchmarks
//   node scripts/bench.mjs 'one 100 MB line' the parser on one long line, against the same bytes in lines
//   node scripts/bench.mjs 'first snapshot'  the cold first snapshot, and the first after opening (index warmed)
//   node scripts/bench.mjs 'start tree'      a run's start tree (the engine's, in-process through vitest)
//   node scripts/bench.mjs scan export       several names: those that contain any of them
//   node scripts/bench.mjs 'terminal throughput' 10 MB cat'ed in a session's terminal in Chromium, against xterm.js write()
//   node scripts/bench.mjs --build           rebuild the app first, even if a build exists
//
// After the table, test/bench/ runs in-process benchmarks through vitest
// (vitest.bench.config.mts, IN_PROCESS below): the event-loop cost of parsing
// a terminal flood, a long session's page open, the terminal's throughput.
// (test/bench/guideJournal.ts only writes the guide export's input, once.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(REPO, '.cache', 'bench');
const CLI_BUNDLE = join(REPO, 'out', 'main', 'cli.js');
const RUNS = 5;

// ---------------------------------------------------------------------------
// Benchmarks

const BENCHMARKS = [
  {
    name: 'scan a 50,000-file git tree',
    setup: () => ({ tree: ensureGitTree('tree-50k', 50_000) }),
    baseline: ({ tree }) => ({ label: 'git ls-files | wc -l', cwd: tree, command: 'git ls-files | wc -l' }),
    subject: ({ tree }) => ({
      label: 'stepwise scan --json --no-toolchain',
      cwd: REPO,
      command: `${shellQuote(process.execPath)} bin/stepwise.js scan ${shellQuote(tree)} --json --no-toolchain`,
    }),
    check: (stdout, { tree }) => {
      const report = JSON.parse(stdout);
      const expected = Number(readFileSync(`${tree}.files`, 'utf8'));
      if (report.filesScanned !== expected) throw new Error(`scanned ${report.filesScanned} files, expected ${expected}`);
      if (!report.pins.some((pin) => pin.kind === 'wasm32-wasi-target')) throw new Error('found no wasm32-wasi mention');
      if (!report.conflicts.some((conflict) => conflict.subject === 'rust-version')) throw new Error('found no rust-version conflict');
      return `${report.filesScanned} files, ${report.pins.length} pins, ${report.conflicts.length} conflicts`;
    },
  },
  // Snapshots of a 100,000-file git work tree (one file changed, 100 untracked), whole `stepwise snapshots` commands.
  // A snapshot after the first reuses the private index (.git/stepwise/) the one before left: the everyday case.
  {
    name: 'snapshot a 100,000-file git tree',
    setup: () => snapshotBench(),
    baseline: stashCreate,
    subject: ({ tree, cli }) => ({ label: 'stepwise snapshots create', cwd: tree, command: `${cli} create` }),
    check: checkSnapshot,
    inside: snapshotMs,
  },
  // The first snapshot, or the first after the user's index changed (commit, checkout, add...): no private index to reuse.
  {
    name: 'first snapshot of a 100,000-file git tree',
    setup: () => snapshotBench(),
    baseline: stashCreate,
    subject: ({ tree, cli }) => ({ label: 'rm -r .git/stepwise; stepwise snapshots create', cwd: tree, command: `rm -rf .git/stepwise && ${cli} create` }),
    check: checkSnapshot,
    inside: snapshotMs,
  },
  // The same first snapshot, after the project was opened: the engine warmed the private index in the background
  // meanwhile (`stepwise snapshots warm` does that same work, and prints its own time).
  {
    name: 'first snapshot after the project was opened (index warmed)',
    setup: () => snapshotBench(),
    baseline: stashCreate,
    prepare: ({ tree, cli }) => ({ label: 'rm -r .git/stepwise; stepwise snapshots warm', cwd: tree, command: `rm -rf .git/stepwise && ${cli} warm` }),
    prepared: (stdout) => Number(/^Prepared the snapshot index of .* in (\d+) ms/.exec(stdout)?.[1]),
    subject: ({ tree, cli }) => ({ label: 'stepwise snapshots create (warmed)', cwd: tree, command: `${cli} create` }),
    check: checkSnapshot,
    inside: snapshotMs,
  },
  {
    name: 'snapshot vs temp-index write-tree',
    setup: () => snapshotBench(),
    baseline: ({ tree, index }) => ({
      label: 'cp index; git add -A && git write-tree',
      cwd: tree,
      command: `cp .git/index ${index} && GIT_INDEX_FILE=${index} git add -A && GIT_INDEX_FILE=${index} git write-tree`,
    }),
    subject: ({ tree, cli }) => ({ label: 'stepwise snapshots create', cwd: tree, command: `${cli} create` }),
    check: checkSnapshot,
    inside: snapshotMs,
  },
  {
    name: 'snapshot after one more changed file (target < 500 ms)',
    setup: () => snapshotBench(),
    baseline: ({ tree, stashIndex }) => ({
      label: 'change 1 file; git stash create',
      cwd: tree,
      command: `${TOUCH_ONE} && GIT_INDEX_FILE=${stashIndex} git stash create`,
    }),
    subject: ({ tree, cli }) => ({ label: 'change 1 file; stepwise snapshots create', cwd: tree, command: `${TOUCH_ONE} && ${cli} create` }),
    check: checkSnapshot,
    inside: snapshotMs,
  },
  // The user's index changed but kept its paths: the private index is new, git's untracked cache carried over.
  {
    name: 'snapshot after git add of one changed file',
    setup: () => snapshotBench(),
    baseline: ({ tree, stashIndex }) => ({
      label: 'change 1 file, git add; git stash create',
      cwd: tree,
      command: `${TOUCH_ONE} && GIT_INDEX_FILE=${stashIndex} git add ${CHANGED_FILE} && GIT_INDEX_FILE=${stashIndex} git stash create`,
    }),
    subject: ({ tree, cli }) => ({
      label: 'change 1 file, git add; stepwise snapshots create',
      cwd: tree,
      command: `${TOUCH_ONE} && git add ${CHANGED_FILE} && ${cli} create`,
    }),
    check: checkSnapshot,
    inside: snapshotMs,
  },
  // The tree a run starts on (an issue's fix diff compares two), as the engine's RunRecorder captures it, in-process
  // (test/bench/runStartTree.ts, run by vitest: its start is in the whole command, not in "inside"). The snapshot
  // index is there already, as after an earlier run or snapshot.
  {
    name: "a run's start tree on a 100,000-file git tree",
    setup: () => snapshotBench(),
    baseline: stashCreate,
    subject: ({ tree }) => ({
      label: 'RunRecorder.start, tree journaled (vitest)',
      cwd: REPO,
      command: `RUN_TREE_REPO=${shellQuote(tree)} npx vitest run --config vitest.bench.config.mts test/bench/runStartTree.ts`,
    }),
    check: (stdout, { tree, expectedFiles }) => {
      const match = /Run start tree ([0-9a-f]+) recorded in \d+ ms, git CPU (\d+) ms, engine CPU (\d+) ms/.exec(stdout);
      if (!match) throw new Error(`unexpected output: ${stdout}`);
      const files = run('git', ['ls-tree', '-r', '--name-only', match[1]], tree).split('\n').filter(Boolean).length;
      if (files !== expectedFiles) throw new Error(`the run's tree has ${files} files, expected ${expectedFiles}`);
      // The checked run is the warm-up: the first since setup removed the snapshot index, so it makes it.
      return `${files.toLocaleString('en')} files in the tree; the first run (it makes the snapshot index) used CPU: git ${match[2]} ms, the engine's own ${match[3]} ms`;
    },
    inside: (stdout) => Number(/ recorded in (\d+) ms/.exec(stdout)?.[1]),
  },
  {
    name: 'snapshot restore: 1,000 changed files of a 100,000-file tree',
    setup: () => restoreBench(),
    baseline: ({ copy, mods, commit }) => ({
      label: 'change them; git checkout <commit> -- . (in a copy)',
      cwd: copy,
      command: `cp -R ${mods}/. . && git checkout ${commit} -- .`,
    }),
    subject: ({ tree, mods, cli, snapshotId }) => ({
      label: 'change them; stepwise snapshots restore',
      cwd: tree,
      command: `cp -R ${mods}/. . && ${cli} restore ${snapshotId}`,
    }),
    check: (stdout, { tree, sample, original }) => {
      if (!/^Restored snapshot #\d+ in \d+ ms \(restore #\d+, done\)/.test(stdout)) throw new Error(`unexpected output: ${stdout}`);
      if (readFileSync(join(tree, sample), 'utf8') !== original) throw new Error(`${sample} was not restored`);
      return stdout.split('\n')[0];
    },
    inside: (stdout) => Number(/ in (\d+) ms /.exec(stdout)?.[1]),
  },
  {
    name: 'parse 100 MB of cargo/test output',
    setup: () => ensureOutputLog('outputs-100mb.log', 100 * 1024 * 1024),
    baseline: ({ file }) => ({ label: "grep -cE 'error|warning'", cwd: REPO, command: `grep -cE 'error|warning' ${shellQuote(file)}` }),
    subject: ({ file }) => ({ label: 'stepwise parse --json', cwd: REPO, command: parseCli(file) }),
    check: (stdout, { expected }) => {
      const result = JSON.parse(stdout);
      const got = { issues: result.issues.length, passed: result.tests?.passed, failed: result.tests?.failed };
      if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`parsed ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
      return `${got.issues.toLocaleString('en')} issues, ${got.passed.toLocaleString('en')} tests passed, ${got.failed.toLocaleString('en')} failed`;
    },
  },
  // The same 100 MB as one line (its newlines made spaces): a line of any length costs time in proportion to its
  // length, and only its first MAX_LINE_BYTES are kept (the parse reports it cut).
  {
    name: 'parse one 100 MB line, against the same 100 MB in lines',
    setup: () => {
      const lines = ensureOutputLog('outputs-100mb.log', 100 * 1024 * 1024);
      const file = join(CACHE, 'one-line-100mb.log');
      if (!existsSync(file) || statSync(file).size !== lines.bytes) {
        const text = readFileSync(lines.file);
        for (let i = 0; i < text.length; i++) if (text[i] === 10) text[i] = 32;
        writeFileSync(file, text);
      }
      return { lines: lines.file, line: file, bytes: lines.bytes };
    },
    baseline: ({ lines }) => ({ label: 'stepwise parse --json (100 MB in lines)', cwd: REPO, command: parseCli(lines) }),
    subject: ({ line }) => ({ label: 'stepwise parse --json (one 100 MB line)', cwd: REPO, command: parseCli(line) }),
    check: (stdout, { bytes }) => {
      const { cutLines } = JSON.parse(stdout);
      if (cutLines?.count !== 1 || cutLines.first[0].bytes !== bytes) throw new Error(`expected one cut line of ${bytes} bytes, got ${JSON.stringify(cutLines)}`);
      return `one line of ${bytes.toLocaleString('en')} bytes, read up to its cap`;
    },
  },
  ...['json', 'md', 'html'].map((format) => ({
    name: `export a 10,000-run, 100,000-issue session as ${format}`,
    setup: () => ensureGuideJournal(),
    // The same rows, read whole by a plain SELECT (what an export that held everything would start with).
    baseline: ({ file }) => ({
      label: 'SELECT runs, issues (.all())',
      cwd: REPO,
      command: `${shellQuote(process.execPath)} -e ${shellQuote(
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)}, { readonly: true });` +
          `const runs = db.prepare('SELECT * FROM runs WHERE session_id = 1 ORDER BY id').all();` +
          `const issues = db.prepare('SELECT * FROM issues WHERE session_id = 1 ORDER BY id').all();` +
          `console.log(runs.length, issues.length);`,
      )}`,
    }),
    subject: ({ dir, out }) => ({
      label: `stepwise export --format ${format}`,
      cwd: REPO,
      // Its peak memory too: a streamed export should not grow with the session.
      command: `{ STEPWISE_HOME=${shellQuote(dir)} /usr/bin/time -f 'peak RSS %M KB' ${shellQuote(process.execPath)} bin/stepwise.js export --session 1 --format ${format} --out ${shellQuote(`${out}.${format}`)}; } 2>&1`,
    }),
    check: (stdout, { out, baselineRss }) => {
      const rss = /peak RSS (\d+) KB/.exec(stdout)?.[1];
      const text = readFileSync(`${out}.${format}`, 'utf8');
      if (format === 'json') {
        const record = JSON.parse(text);
        const runs = record.timeline.reduce((n, entry) => n + (entry.runs?.length ?? 0), 0);
        if (record.issues.length !== 100_000 || runs !== 10_000) throw new Error(`exported ${runs} runs and ${record.issues.length} issues`);
      } else if (!text.includes('50,000 issues of 6 kinds met and fixed')) {
        throw new Error('the guide does not list the breaking changes met');
      }
      const mb = (kb) => `${(Number(kb) / 1024).toFixed(0)} MiB`;
      return `${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MiB written; peak RSS ${mb(rss)} (the plain SELECT: ${mb(baselineRss)})`;
    },
  })),
];

// Benchmarks run in-process by vitest (test/bench/), each reporting its own figures against a baseline of the
// same run; chosen by name like the ones above.
const IN_PROCESS = [
  { name: 'terminal flood: event-loop time spent parsing', file: 'test/bench/terminalFlood.ts' },
  { name: 'page open: a long session in Chromium', file: 'test/bench/pageOpen.ts' },
  { name: 'terminal throughput: 10 MB ls -lR cat in a session, against xterm.js write()', file: 'test/bench/terminalThroughput.ts' },
];

// ---------------------------------------------------------------------------
// Inputs

/**
 * The journal of a long session: 10,000 runs and 100,000 issues, written once
 * by test/bench/guideJournal.ts (it needs the engine's TypeScript) into
 * .cache/bench/guide-journal/. Also the plain SELECT's peak memory, for the note.
 */
function ensureGuideJournal() {
  const dir = join(CACHE, 'guide-journal');
  const file = join(dir, 'journal.sqlite');
  if (!existsSync(file)) {
    console.log(`Writing a journal of 10,000 runs and 100,000 issues to ${file} (once; cached)...`);
    run('npx', ['vitest', 'run', '--config', 'vitest.bench.config.mts', 'test/bench/guideJournal.ts'], REPO);
  }
  const rss = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '-e',
    `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)}, { readonly: true });` +
      `db.prepare('SELECT * FROM runs WHERE session_id = 1').all(); db.prepare('SELECT * FROM issues WHERE session_id = 1').all();`,
  ], { cwd: REPO, encoding: 'utf8' });
  return { dir, file, out: join(CACHE, 'guide-export'), baselineRss: rss.stderr.trim().split('\n').pop() };
}

/**
 * A git work tree of exactly `count` committed files: mostly small Rust
 * sources in nested folders, a few manifests, Makefiles, Dockerfiles and
 * workflows that pin the toolchain (and disagree), and now and then a
 * mention of wasm32-wasi. Built once; `<dir>.files` records the count.
 */
function ensureGitTree(name, count) {
  const tree = join(CACHE, name);
  const done = `${tree}.files`;
  if (existsSync(done) && Number(readFileSync(done, 'utf8')) === count && existsSync(join(tree, '.git'))) return tree;

  console.log(`Generating ${count.toLocaleString('en')} files in ${tree} (once; cached)...`);
  rmSync(tree, { recursive: true, force: true });
  rmSync(done, { force: true });
  const files = new Map();
  const crates = 40;
  files.set('Cargo.toml', `[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n\n[workspace.package]\nedition = "2021"\nrust-version = "1.75"\n`);
  files.set('Makefile', 'RUST_VERSION ?= 1.75\n\nwasm:\n\tcargo build --target wasm32-wasi\n');
  files.set('Dockerfile', 'ARG RUST_VERSION=1.76\nFROM rust:${RUST_VERSION}-alpine AS builder\n');
  files.set('docker/dev.Dockerfile', 'FROM rust:1.76-slim\n');
  files.set('rust-toolchain.toml', '[toolchain]\nchannel = "1.75.0"\ncomponents = ["clippy"]\ntargets = ["wasm32-wasi"]\n');
  files.set('clippy.toml', 'msrv = "1.75"\n');
  files.set('.github/workflows/ci.yml', 'jobs:\n  test:\n    strategy:\n      matrix:\n        rust: [1.75, stable]\n    steps:\n      - uses: dtolnay/rust-toolchain@1.76\n');
  files.set('.github/workflows/release.yml', 'jobs:\n  release:\n    steps:\n      - uses: actions-rs/toolchain@v1\n        with:\n          toolchain: 1.76.0\n');
  for (let c = 0; c < crates; c++) {
    files.set(
      `crates/crate-${c}/Cargo.toml`,
      `[package]\nname = "crate-${c}"\nversion = "0.1.0"\nedition.workspace = true\n\n[dependencies]\nserde = "1.0"\nwasmtime = { version = "${c % 7 === 0 ? '35.0' : '25.0'}", optional = true }\n`,
    );
  }
  for (let i = 0; files.size < count; i++) {
    const crate = i % crates;
    const dir = `crates/crate-${crate}/src/m${Math.floor(i / crates) % 25}/n${Math.floor(i / (crates * 25)) % 10}`;
    const mention = i % 997 === 0 ? '// built for wasm32-wasi too\n' : '';
    files.set(`${dir}/f${i}.rs`, `${mention}/// Item ${i}.\npub fn f${i}(x: u64) -> u64 {\n    x.wrapping_mul(${i + 1})\n}\n`);
  }
  for (const [path, text] of files) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  }
  const git = (...args) => run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], tree);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench tree');
  writeFileSync(done, String(files.size));
  return tree;
}

/**
 * A log of at least `size` bytes: the captured outputs at the top of test/fixtures/outputs
 * (compiler errors, clippy, failing tests, rustup, make, JSON messages...)
 * repeated. The expected answer is derived from one and two copies parsed by
 * the CLI itself: each further copy adds the same issues and test counts
 * (nextest and rustfmt issues are per test and per file, so only the first
 * copy has them).
 */
function ensureOutputLog(name, size) {
  const file = join(CACHE, name);
  const fixtures = join(REPO, 'test', 'fixtures', 'outputs');
  const copy = readdirSync(fixtures, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'README.md')
    .map((entry) => entry.name)
    .sort()
    .map((entry) => readFileSync(join(fixtures, entry), 'utf8').replace(/\n?$/, '\n'))
    .join('');
  const copies = Math.ceil(size / Buffer.byteLength(copy));
  const answer = (n) => {
    const sample = join(CACHE, `${name}.${n}`);
    writeFileSync(sample, copy.repeat(n));
    const result = JSON.parse(run('sh', ['-c', parseCli(sample)], REPO));
    rmSync(sample);
    return { issues: result.issues.length, passed: result.tests.passed, failed: result.tests.failed };
  };
  const one = answer(1);
  const two = answer(2);
  const expected = Object.fromEntries(Object.keys(one).map((key) => [key, one[key] + (copies - 1) * (two[key] - one[key])]));
  const stamp = `${file}.copies`;
  if (!(existsSync(file) && existsSync(stamp) && readFileSync(stamp, 'utf8') === `${copies}\n${copy.length}`)) {
    console.log(`Writing ${copies.toLocaleString('en')} copies of the captured outputs to ${file} (once; cached)...`);
    writeFileSync(file, copy.repeat(copies));
    writeFileSync(stamp, `${copies}\n${copy.length}`);
  }
  return { file, expected, bytes: statSync(file).size };
}

/**
 * `git stash create` rewrites the index it reads, every time: on the user's
 * index that would make every snapshot after it start without a private
 * index. So it reads its own copy of the index (the same work).
 */
function stashCreate({ tree, stashIndex }) {
  return { label: 'git stash create', cwd: tree, command: `GIT_INDEX_FILE=${stashIndex} git stash create` };
}

// One tracked file that every snapshot benchmark keeps changed (so that `git stash create` makes a commit).
const CHANGED_FILE = 'crates/crate-0/Cargo.toml';
const TOUCH_ONE = `echo "# $(date +%s%N)" >> ${CHANGED_FILE}`;

/**
 * The 100,000-file tree for snapshots: its own copy (snapshots add refs), one
 * tracked file changed and 100 untracked files, the index refreshed as after
 * a `git status`, earlier snapshot refs, data and private index removed so
 * runs start alike.
 */
function snapshotBench() {
  const tree = ensureGitTree('snap-100k', 100_000);
  const home = join(CACHE, 'snap-home');
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  dropSnapshotRefs(tree);
  run('git', ['reset', '-q'], tree); // what a benchmark staged
  run('git', ['checkout', '-q', '--', '.'], tree);
  run('git', ['clean', '-qfd'], tree);
  run('sh', ['-c', TOUCH_ONE], tree);
  for (let i = 0; i < 100; i++) {
    mkdirSync(join(tree, 'untracked'), { recursive: true });
    writeFileSync(join(tree, 'untracked', `u${i}.txt`), `untracked ${i}\n`);
  }
  run('git', ['status', '--porcelain'], tree); // refreshes the index's stat data, as a user's repository has it
  rmSync(join(tree, '.git', 'stepwise'), { recursive: true, force: true });
  const stashIndex = join(CACHE, 'snap-stash-index');
  run('cp', ['-p', join(tree, '.git', 'index'), stashIndex], tree);
  const cli = `STEPWISE_HOME=${shellQuote(home)} ${shellQuote(process.execPath)} ${shellQuote(join(REPO, 'bin', 'stepwise.js'))} snapshots`;
  return { tree, home, cli, index: shellQuote(join(CACHE, 'snap-bench-index')), stashIndex: shellQuote(stashIndex), expectedFiles: 100_000 + 100 };
}

function dropSnapshotRefs(tree) {
  const refs = run('git', ['for-each-ref', '--format=delete %(refname)', 'refs/stepwise/'], tree);
  if (refs) spawnSync('git', ['update-ref', '--stdin'], { cwd: tree, input: refs });
}

/** The snapshot's own time, as `stepwise snapshots create` reports it. */
function snapshotMs(stdout) {
  return Number(/ taken in (\d+) ms/.exec(stdout)?.[1]);
}

function checkSnapshot(stdout, { expectedFiles }) {
  const match = /^Snapshot #(\d+) taken in \d+ ms: (\d+) files/.exec(stdout);
  if (!match) throw new Error(`unexpected output: ${stdout}`);
  if (Number(match[2]) !== expectedFiles) throw new Error(`captured ${match[2]} files, expected ${expectedFiles}`);
  return `${Number(match[2]).toLocaleString('en')} files captured`;
}

/**
 * A clean snapshot of the 100,000-file tree, 1,000 of its files changed
 * (kept in `mods`, copied over the tree before each restore), and a copy of
 * the repository for `git checkout`.
 */
function restoreBench() {
  const bench = snapshotBench();
  const { tree, cli } = bench;
  run('git', ['checkout', '-q', '--', '.'], tree);
  run('git', ['clean', '-qfd'], tree);
  run('git', ['status', '--porcelain'], tree);
  const created = run('sh', ['-c', `${cli} create --label clean`], tree);
  const snapshotId = Number(/^Snapshot #(\d+) taken/.exec(created)?.[1]);
  const storeId = /\(git (\S+)\)/.exec(created)?.[1];
  const commit = run('git', ['rev-parse', `refs/stepwise/snapshots/${storeId}`], tree).trim();
  const mods = join(CACHE, 'restore-mods');
  rmSync(mods, { recursive: true, force: true });
  const files = run('git', ['ls-files'], tree).split('\n').filter((f) => f.endsWith('.rs'));
  const changed = files.filter((_, i) => i % Math.floor(files.length / 1000) === 0).slice(0, 1000);
  for (const file of changed) {
    mkdirSync(dirname(join(mods, file)), { recursive: true });
    writeFileSync(join(mods, file), `${readFileSync(join(tree, file), 'utf8')}// changed\n`);
  }
  const copy = join(CACHE, 'snap-100k-copy');
  if (!existsSync(join(copy, '.git'))) run('cp', ['-a', tree, copy], REPO);
  run('git', ['fetch', '-q', tree, `refs/stepwise/snapshots/${storeId}`], copy); // the snapshot's commit, for git checkout
  run('git', ['checkout', '-q', '--', '.'], copy);
  return { ...bench, mods: shellQuote(mods), copy, commit, snapshotId, sample: changed[0], original: readFileSync(join(tree, changed[0]), 'utf8') };
}

function parseCli(file) {
  return `${shellQuote(process.execPath)} bin/stepwise.js parse ${shellQuote(file)} --json`;
}

/**
 * Builds the app when there is no CLI bundle, or one older than any source
 * file (a benchmark of yesterday's build measures yesterday's code), or when
 * asked to.
 */
function ensureBuilt(force) {
  const built = existsSync(CLI_BUNDLE) ? statSync(CLI_BUNDLE).mtimeMs : 0;
  const stale = ['src', 'resources', 'electron.vite.config.ts', 'package-lock.json'].some((p) => newestMtime(join(REPO, p)) > built);
  if (!stale && !force) return;
  console.log(force ? 'Building (--build)...' : built ? 'The build is older than the sources: building...' : 'No build of the CLI: building...');
  run('npx', ['electron-vite', 'build'], REPO, 'inherit');
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

// ---------------------------------------------------------------------------
// Running and timing

function run(command, args, cwd, stdio = 'pipe') {
  const result = spawnSync(command, args, { cwd, stdio, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr ?? ''}`.trim());
  }
  return result.stdout;
}

/** Runs a command through sh; its wall time in ms and its stdout. */
function timed({ command, cwd }) {
  const start = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`\`${command}\` exited with ${result.status ?? result.signal}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function shellQuote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Text columns left-aligned, figures right-aligned. */
function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const numeric = (i) => rows.slice(1).every((row) => /^([\d.]+ ?(ms|x))?$/.test(row[i]));
  const line = (row) => row.map((cell, i) => (numeric(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function main() {
  const args = process.argv.slice(2);
  const names = args.filter((arg) => !arg.startsWith('--'));
  const chosen = (name) => names.length === 0 || names.some((part) => name.includes(part));
  ensureBuilt(args.includes('--build'));
  mkdirSync(CACHE, { recursive: true });

  const rows = [['benchmark', 'baseline', 'median', 'subject', 'median', 'ratio', 'inside', 'ratio']];
  const preparedLines = [];
  for (const bench of BENCHMARKS.filter((b) => chosen(b.name))) {
    const context = bench.setup();
    const baseline = bench.baseline(context);
    const subject = bench.subject(context);
    const prepare = bench.prepare?.(context);
    const prepared = [];
    const beforeSubject = () => {
      if (prepare) prepared.push(bench.prepared(timed(prepare).stdout));
    };
    // Warm-up, and the subject's answer checked once.
    timed(baseline);
    beforeSubject();
    const note = bench.check ? bench.check(timed(subject).stdout, context) : '';
    prepared.length = 0;
    const times = { baseline: [], subject: [], inside: [] };
    for (let i = 0; i < RUNS; i++) {
      times.baseline.push(timed(baseline).ms);
      beforeSubject();
      const result = timed(subject);
      times.subject.push(result.ms);
      if (bench.inside) times.inside.push(bench.inside(result.stdout));
    }
    const b = median(times.baseline);
    const s = median(times.subject);
    console.log(`${bench.name}: ${note}`);
    console.log(`  baseline runs (ms): ${times.baseline.map((t) => t.toFixed(1)).join(', ')}`);
    console.log(`  subject runs (ms):  ${times.subject.map((t) => t.toFixed(1)).join(', ')}`);
    // The work itself, as the subject timed it (without process start and loading): what the engine, already running, spends.
    const inside = times.inside.length ? median(times.inside) : null;
    if (inside !== null) console.log(`  inside the subject (ms): ${times.inside.join(', ')}; median ${inside} ms = ${(inside / b).toFixed(2)}x the baseline`);
    if (prepare) {
      const line = `${bench.name}: before each subject run, ${prepare.label}: its own time ${median(prepared)} ms (runs: ${prepared.join(', ')})`;
      console.log(`  ${line}`);
      preparedLines.push(line);
    }
    // For benchmarks over one input file: throughput, from the medians.
    if (context.bytes) {
      const mbps = (ms) => (context.bytes / 1024 / 1024 / (ms / 1000)).toFixed(1);
      console.log(`  throughput (${(context.bytes / 1024 / 1024).toFixed(1)} MiB): baseline ${mbps(median(times.baseline))} MiB/s, subject ${mbps(median(times.subject))} MiB/s`);
    }
    rows.push([
      bench.name,
      baseline.label,
      `${b.toFixed(1)} ms`,
      subject.label,
      `${s.toFixed(1)} ms`,
      `${(s / b).toFixed(1)}x`,
      inside === null ? '' : `${inside} ms`,
      inside === null ? '' : `${(inside / b).toFixed(2)}x`,
    ]);
  }
  if (rows.length > 1) {
    console.log(`\nMedians of ${RUNS} runs, whole commands (process start included); "inside": the work as the command timed it:\n`);
    console.log(table(rows));
  }
  if (preparedLines.length > 0) console.log(`\nPrepared, untimed, before each subject run (medians):\n${preparedLines.map((line) => `  ${line}`).join('\n')}`);

  // In-process benchmarks (they need the engine's TypeScript, or a browser): test/bench/, those chosen.
  const files = IN_PROCESS.filter((b) => chosen(b.name)).map((b) => b.file);
  if (files.length > 0) {
    const result = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.bench.config.mts', '--silent=false', ...files], { cwd: REPO, stdio: 'inherit' });
    if (result.status !== 0) process.exitCode = 1;
  }
}

main();
