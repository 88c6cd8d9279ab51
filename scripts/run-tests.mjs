// `npm test`: unit, integration and reliability tests (vitest), a build, then
// the end-to-end tests (Playwright), ending with one line: `N passed, N failed`.
// `--reliability` (`npm run test:reliability`) runs only the reliability tier:
// test/reliability (vitest) and test/e2e/reliability (Playwright).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const reliabilityOnly = process.argv.includes('--reliability');
const results = '.cache/test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', shell: false }).status ?? 1;
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}/unit.json`];
const vitestCode = run('npx', reliabilityOnly ? [...vitestArgs, 'test/reliability'] : vitestArgs);
const buildCode = run('npx', ['electron-vite', 'build']);
const e2eCode = buildCode === 0 ? run('npx', ['playwright', 'test', ...(reliabilityOnly ? ['test/e2e/reliability'] : [])]) : 1;

const unit = readJson(`${results}/unit.json`);
const e2e = readJson(`${results}/e2e.json`)?.stats;
const passed = (unit?.numPassedTests ?? 0) + (e2e?.expected ?? 0) + (e2e?.flaky ?? 0);
let failed = (unit?.numFailedTests ?? 0) + (e2e?.unexpected ?? 0);
const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.skipped ?? 0);

// Say why each skipped test was skipped (e.g. no Electron binary here, no way to mount a small disk).
const skippedE2e = (suite) => [
  ...(suite.suites ?? []).flatMap(skippedE2e),
  ...(suite.specs ?? []).flatMap((spec) =>
    spec.tests
      .filter((t) => t.status === 'skipped')
      .map((t) => `${spec.file}: ${spec.title}: ${t.annotations.find((a) => a.type === 'skip')?.description ?? 'skipped'}`),
  ),
];
for (const line of (readJson(`${results}/e2e.json`)?.suites ?? []).flatMap(skippedE2e)) console.log(`skipped: ${line}`);
for (const file of unit?.testResults ?? []) {
  for (const t of file.assertionResults ?? []) {
    if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') console.log(`skipped: ${file.name.replace(`${process.cwd()}/`, '')}: ${t.fullName}`);
  }
}

// A runner that crashed before reporting counts as a failure, never as silence.
if (!unit || (vitestCode !== 0 && failed === 0)) failed += 1;
if (buildCode !== 0) console.error('npm test: the build failed, so the end-to-end tests did not run');
if (!e2e || (e2eCode !== 0 && (e2e?.unexpected ?? 0) === 0)) failed += 1;

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
