// The integrity gate's git side on real repositories: trees captured as runs
// capture them, the project a folder of its repository with the CI at the
// repository's root; and a project outside git, judged not measured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeRelaxations } from '../../src/core/metrics/integrity/treeIntegrity';
import { captureWorkTree } from '../../src/core/snapshots/gitSnapshots';
import { commitAll } from '../helpers/gitRepo';
import { useTempDir } from '../helpers/tempDir';
import { write } from '../helpers/treeListing';
import { startHarness } from '../helpers/engineHarness';

const WORKFLOW = 'jobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo clippy --all-targets -- -D warnings\n';
const LIB = '#![deny(missing_docs)]\n//! Lib.\n\n/// One.\npub fn one() -> u32 { 1 }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn one_is_one() { assert_eq!(super::one(), 1); }\n}\n';

describe('relaxations between two trees of a repository', () => {
  const tempDir = useTempDir('stepwise-integrity-');

  it('reads the project folder for sources and manifests, the whole repository for CI files', async () => {
    const repo = tempDir();
    const project = join(repo, 'crates/app');
    write(repo, '.github/workflows/ci.yml', WORKFLOW);
    write(repo, 'crates/app/Cargo.toml', '[package]\nname = "app"\n\n[lints.clippy]\nunwrap_used = "deny"\n');
    write(repo, 'crates/app/src/lib.rs', LIB);
    // Outside the project: its sources are another crate's business.
    write(repo, 'crates/other/src/lib.rs', LIB);
    commitAll(repo);
    const before = (await captureWorkTree(project))!;

    write(repo, '.github/workflows/ci.yml', WORKFLOW.replace(' -- -D warnings', ''));
    write(repo, 'crates/app/Cargo.toml', '[package]\nname = "app"\n\n[lints.clippy]\nunwrap_used = "warn"\n');
    write(repo, 'crates/app/src/lib.rs', LIB.replace('#![deny(missing_docs)]\n', '').replace('#[test]', '#[test]\n    #[ignore]'));
    write(repo, 'crates/other/src/lib.rs', '');
    // An untracked file is part of the tree a run starts on, as it is of the project.
    write(repo, 'crates/app/src/extra.rs', '#![allow(unused)]\n');
    const after = (await captureWorkTree(project))!;

    expect(await treeRelaxations(project, before, after)).toEqual([
      { kind: 'deny-warnings-dropped', file: '../../.github/workflows/ci.yml', line: 5, what: '`-D warnings` dropped (was: `- run: cargo clippy --all-targets -- -D warnings`)' },
      { kind: 'lint-lowered', file: 'Cargo.toml', line: 5, what: '`lints.clippy.unwrap_used`: deny → warn' },
      { kind: 'allow-added', file: 'src/extra.rs', line: 1, what: '`#[allow(unused)]`' },
      { kind: 'lint-lowered', file: 'src/lib.rs', line: 1, what: '`#[deny(missing_docs)]` removed' },
      { kind: 'ignore-added', file: 'src/lib.rs', line: 10, what: '`#[ignore]` on test `one_is_one`' },
    ]);
    expect(await treeRelaxations(project, before, before)).toEqual([]);
  });

  it('is judged not measured, with the reason, for a project outside git', async () => {
    const h = await startHarness();
    const project = mkdtempSync(join(tmpdir(), 'stepwise-integrity-nogit-'));
    try {
      write(project, 'Cargo.toml', '[package]\nname = "app"\n');
      const sessionId = (await h.client.request('project.open', { path: project })).session.id;
      const terminalId = (await h.client.request('terminal.open', { sessionId, cols: 120, rows: 30 })).terminalId;
      const measure = async (kind: 'baseline' | 'after') => {
        let id = 0;
        const done = new Promise<{ gates: { id: string; verdict: string; detail: string }[] }>((resolve) => {
          const off = h.client.on('metrics.changed', (event) => {
            if (event.measurement.id !== id || event.measurement.endedAt === null) return;
            off();
            resolve(event);
          });
        });
        id = (await h.client.request('metrics.measure', { sessionId, terminalId, kind, runs: 1, what: ['runtime'], runtime: { command: 'true', regex: null } })).id;
        return done;
      };
      await measure('baseline');
      const { gates } = await measure('after');
      expect(gates.find((g) => g.id === 'integrity')).toMatchObject({
        verdict: 'not-measured',
        detail: expect.stringMatching(/^no git tree was recorded for the baseline \(#\d+\): the project is not in a git work tree/),
      });
    } finally {
      await h.close();
      rmSync(project, { recursive: true, force: true });
    }
  });
});
