// The page on a full disk (issue 10, finding 5: nothing told the page): the
// real server with its data directory on a small tmpfs, filled by a filler
// file. A command typed while it is full still runs; the journal cannot take
// it, and every page shows the banner: what failed, what to do. A tab opened
// then shows it at once. Once space is freed it goes by itself, and the
// command is in the journal. Screenshot: disk-full-banner.png in the test's
// output folder (.cache/test-results/e2e-artifacts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { processesWithEnv } from '../../helpers/processes';
import { fillDisk, mountSmallDisk, unmountSmallDisk } from '../../helpers/smallDisk';
import { startServer, type ServerProcess } from '../serverProcess';
import { openProject } from '../workspace';

let work: string;
let disk: string;
let mountError: string | null = null;
let server: ServerProcess | undefined;
let project: string;

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'stepwise-e2e-disk-full-'));
  disk = join(work, 'disk');
  mkdirSync(disk);
  mountError = mountSmallDisk(disk, '64m');
  if (mountError) return;
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'README.md'), '# a project\n');
  // A Rust project: Stepwise refuses a folder without Cargo.toml.
  writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "full-disk"\nversion = "0.1.0"\nedition = "2021"\n');
  server = await startServer({ dataDir: join(disk, 'data') });
});

test.afterAll(async () => {
  if (server) {
    const dataDir = server.dataDir;
    expect(await server.stop()).toBe(0);
    expect(processesWithEnv('STEPWISE_HOME', dataDir)).toEqual([]);
  }
  if (!mountError) unmountSmallDisk(disk);
  rmSync(work, { recursive: true, force: true });
});

test('a full disk under the journal: every page shows what failed and what to do, until space is freed', async ({ page, context }, testInfo) => {
  test.skip(mountError !== null, mountError ?? '');
  await openProject(page, server!.url, project);
  const banner = page.getByRole('alert', { name: 'The journal cannot be written' });
  await expect(banner).toBeHidden();

  const free = fillDisk(disk);
  let freed = false;
  try {
    // The shell is the user's: a command typed now runs, and waits in memory for the journal.
    await page.getByTestId('terminal').click();
    await page.keyboard.type('seq 1 20000 | tail -n 1 && echo typed-$((6*7))');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('terminal')).toContainText('typed-42');
    const dataDir = server!.dataDir;
    await expect(banner).toContainText(`The journal ${join(dataDir, 'journal.sqlite')} cannot be written: the disk holding ${dataDir} is full (SQLITE_FULL).`);
    await expect(banner).toContainText('Free some space there (at least 8 MiB): Stepwise resumes by itself.');
    await expect(banner).toContainText('1 command that ended meanwhile waits to be journaled.');
    await page.screenshot({ path: testInfo.outputPath('disk-full-banner.png') });

    // A tab opened now shows it at once (the page reads it from app.info).
    const second = await context.newPage();
    await second.goto(server!.url);
    await expect(second.getByRole('alert', { name: 'The journal cannot be written' })).toContainText('is full (SQLITE_FULL)');
    await second.close();

    free();
    freed = true;
    await expect(banner).toBeHidden({ timeout: 30_000 });
  } finally {
    if (!freed) free();
  }
  await page.getByRole('tab', { name: /Journal/ }).click();
  await expect(page.getByLabel('Journal').locator('li', { hasText: 'echo typed-$((6*7))' })).toContainText('exit 0');
});
