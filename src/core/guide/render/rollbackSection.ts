// The rollback procedure: which snapshot, which commands, which toolchain.
import { GUIDE_SECTION_TITLES } from '../../../shared/guide';
import type { GuideModel } from '../model';
import type { BlockWriter, Line } from './blocks';
import { plural, when } from './words';

export function* rollbackSection(model: GuideModel, w: BlockWriter): Generator<string> {
  const { rollback: r } = model;
  yield w.heading(2, [GUIDE_SECTION_TITLES.rollback], 'rollback');
  let n = 0;
  const step = (title: string): string => w.heading(3, [`${++n}. ${title}`]);

  yield step('Put the files back');
  if (r.snapshot) {
    const s = r.snapshot;
    yield w.paragraph([
      `Snapshot #${s.id} holds the project as it was before the first change: `,
      { em: [s.label] },
      `, taken ${when(s.createdAt)} (${s.store === 'git' ? 'a git ref' : 'the Stepwise folder store'}, ${plural(s.fileCount, 'file')}).`,
    ]);
    yield w.paragraph([`With Stepwise (in the app, or from a shell; a safety snapshot is taken first, so the restore can be undone):`]);
    if (r.stepwiseCommand) yield w.code(r.stepwiseCommand, 'bash');
    if (r.fileCommands.length) {
      yield w.paragraph(['Or by hand, from a shell (the stash keeps what is there now; files created since and never added stay, see ', { code: 'git status' }, '):']);
      yield w.code(r.fileCommands.join('\n'), 'bash');
    }
  } else {
    yield w.paragraph(['No snapshot was taken in this session: Stepwise takes one before every edit, high-risk step and one-click fix.']);
  }
  if (r.backupBranch) {
    yield w.paragraph(['A backup branch was made before the upgrade: ', { code: `git switch ${r.backupBranch}` }, ' returns to it.']);
  }

  yield step('Bring the toolchain back');
  if (r.toolchain.commands.length) {
    yield w.paragraph([r.toolchain.name ? 'Return to ' : '', ...(r.toolchain.name ? [{ code: r.toolchain.name }] : []), ` (${r.toolchain.source}):`]);
    yield w.code(r.toolchain.commands.join('\n'), 'bash');
  } else {
    yield w.paragraph([`The toolchain to return to is unknown: ${r.toolchain.source}.`]);
  }

  yield step('Rebuild and check');
  const verify = ['cargo clean', ...r.verify];
  yield w.paragraph([
    r.verify.length ? 'Clean the build, then run the checks that passed before the first change:' : 'Clean the build and rebuild (no check passed before the first change):',
  ]);
  yield w.code((r.verify.length ? verify : [...verify, 'cargo build']).join('\n'), 'bash');

  if (r.stepUndo.length) {
    yield step('Undo step by step');
    yield w.paragraph(['For a partial rollback, the plan says how to undo each step that ran, last first:']);
    yield w.list(r.stepUndo.map((u): Line => [{ strong: [u.title] }, ': ', u.rollback]));
  }

  if (r.snapshots.length) {
    yield w.heading(3, ['Snapshots taken in this session']);
    yield w.table(
      ['#', 'Taken', 'Before', 'Store', 'Files'],
      r.snapshots.map((s) => [[String(s.id)], [when(s.createdAt)], [s.label], [s.store === 'git' ? { code: `refs/stepwise/snapshots/${s.storeId}` } : 'folder store'], [String(s.fileCount)]]),
      ['right', 'left', 'left', 'left', 'right'],
    );
  }
  if (r.restores.length) {
    yield w.heading(3, ['Restores done in this session']);
    yield w.table(
      ['Snapshot', 'Mode', 'Started', 'Result', 'Undo with'],
      r.restores.map((x) => [
        [`#${x.snapshotId}`],
        [x.mode === 'files' ? `files: ${x.files.join(', ')}` : x.mode],
        [when(x.startedAt)],
        [x.status, ...(x.error ? [`: ${x.error}`] : [])],
        [x.safetySnapshotId ? `snapshot #${x.safetySnapshotId}` : '–'],
      ]),
    );
  }
}
