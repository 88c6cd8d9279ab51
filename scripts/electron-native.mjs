#!/usr/bin/env node
// Builds better-sqlite3 for Electron into .cache/electron-native/<electron>/,
// leaving node_modules' copy (built for Node: vitest, the CLI) untouched. The
// main process hands that file to the engine as STEPWISE_SQLITE_BINDING.
// Run by `npm start` / `npm run dev` before Electron starts, and by `npm run
// dist` with --for-packaging: then Electron's binary need not be downloaded
// (electron-builder brings its own) and the build is also staged in
// .cache/electron-native/package/, which electron-builder.yml ships beside
// app.asar (resources/native/). electron-builder's own rebuild is off: it
// rebuilds node_modules in place, which would leave vitest and the CLI with
// an Electron build they cannot load. Node builtins only.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const sqliteDir = join(root, 'node_modules', 'better-sqlite3');

const forPackaging = process.argv.includes('--for-packaging');
const log = (message) => console.log(`[electron-native] ${message}`);
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function fail(message) {
  console.error(`[electron-native] ${message}`);
  process.exit(1);
}

function writeAtomically(file, write) {
  const temp = `${file}.${process.pid}.tmp`;
  write(temp);
  renameSync(temp, file);
}

/** A package's bin script, resolved from better-sqlite3's own dependencies. */
function binOf(name) {
  try {
    const manifest = createRequire(join(sqliteDir, 'package.json')).resolve(`${name}/package.json`);
    const { bin } = readJson(manifest);
    return join(dirname(manifest), typeof bin === 'string' ? bin : bin[name]);
  } catch {
    return null;
  }
}

/** node-gyp: a local copy, else the one npm ships (named in npm scripts' env, or next to this node). */
function nodeGypScript() {
  const candidates = [
    binOf('node-gyp'),
    process.env.npm_config_node_gyp,
    process.env.npm_execpath && join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((file) => file && existsSync(file)) ?? null;
}

// npm exports its config to scripts; a `nodedir` or `target` meant for Node
// would make the tools build against Node's headers instead of Electron's.
function buildEnv() {
  const drop = new Set(['nodedir', 'runtime', 'target', 'target_arch', 'arch', 'platform', 'disturl', 'dist_url', 'build_from_source']);
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    const match = /^npm_config_(.*)$/i.exec(key);
    if (!match || !drop.has(match[1].toLowerCase().replaceAll('-', '_'))) env[key] = value;
  }
  return env;
}

function run(cwd, script, args) {
  log(`$ node ${relative(root, script) || script} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [script, ...args], { cwd, stdio: 'inherit', env: buildEnv() });
  return result.status === 0;
}

// 1. Electron itself must be there (npm install may have skipped its binary).
if (!existsSync(join(electronDir, 'package.json'))) fail('electron is not installed: run `npm install`.');
const electronVersion = readJson(join(electronDir, 'package.json')).version;
if (!forPackaging && (!existsSync(join(electronDir, 'dist')) || !existsSync(join(electronDir, 'path.txt')))) {
  fail(
    [
      `Electron ${electronVersion}'s binary is missing (node_modules/electron/dist was never downloaded,`,
      '  probably because npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1).',
      '  Download it with ELECTRON_SKIP_BINARY_DOWNLOAD unset:  node node_modules/electron/install.js',
      '  Or run Stepwise in the browser instead:                npm run serve',
    ].join('\n'),
  );
}

// 2. Is the cached Electron build current?
if (!existsSync(join(sqliteDir, 'package.json'))) fail('better-sqlite3 is not installed: run `npm install`.');
const sqliteVersion = readJson(join(sqliteDir, 'package.json')).version;
const stamp = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };
const cacheDir = join(root, '.cache', 'electron-native', electronVersion);
const target = join(cacheDir, 'better_sqlite3.node');
const stampFile = `${target}.json`;
const label = `better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${process.arch})`;

/** For `npm run dist`: the build and its stamp where electron-builder.yml takes them from. */
function stageForPackaging() {
  if (!forPackaging) return;
  const packageDir = join(root, '.cache', 'electron-native', 'package');
  mkdirSync(packageDir, { recursive: true });
  writeAtomically(join(packageDir, 'better_sqlite3.node'), (temp) => copyFileSync(target, temp));
  writeAtomically(join(packageDir, 'better_sqlite3.node.json'), (temp) => copyFileSync(stampFile, temp));
  log(`staged for packaging -> ${relative(root, packageDir)}`);
}

const cached = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
if (existsSync(target) && cached === JSON.stringify(stamp)) {
  log(`${label}: up to date`);
  stageForPackaging();
  process.exit(0);
}

// 3. Build it in a private copy, never in node_modules.
function build(work) {
  log(`${label}: preparing a private copy of better-sqlite3`);
  cpSync(sqliteDir, work, {
    recursive: true,
    dereference: true, // a symlinked package (pnpm, npm link) must be copied, not linked
    filter: (source) => !['build', 'node_modules'].includes(relative(sqliteDir, source).split(sep)[0]),
  });

  // npx would not find these from the copy (its own package.json stops the
  // lookup), so run their bin scripts with this node directly.
  const prebuild = binOf('prebuild-install');
  log('downloading a prebuilt binary (prebuild-install)…');
  const args = ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--verbose'];
  if (prebuild && run(work, prebuild, args)) return;

  log('no prebuilt binary; compiling with node-gyp (needs Python and a C++ toolchain)…');
  const gypArgs = [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
  ];
  const gyp = nodeGypScript();
  const compiled = gyp
    ? run(work, gyp, gypArgs)
    : spawnSync('npx', ['--no-install', 'node-gyp', ...gypArgs], {
        cwd: work,
        stdio: 'inherit',
        env: buildEnv(),
        shell: process.platform === 'win32',
      }).status === 0;
  if (!compiled) throw new Error('node-gyp failed; see the output above.');
}

const started = Date.now();
const work = join(root, '.cache', 'electron-native', `work-${process.pid}`);
try {
  mkdirSync(cacheDir, { recursive: true });
  rmSync(work, { recursive: true, force: true });
  build(work);
  const output = join(work, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(output)) throw new Error(`the build did not produce ${relative(root, output)}`);
  writeAtomically(target, (temp) => copyFileSync(output, temp));
  writeAtomically(stampFile, (temp) => writeFileSync(temp, JSON.stringify(stamp)));
  log(`${label}: ready in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${relative(root, target)}`);
  stageForPackaging();
} catch (error) {
  console.error(`[electron-native] could not build ${label}: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
