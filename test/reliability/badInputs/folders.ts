// Project folders: missing, not folders, unreadable (refused, naming the
// folder), and folders with names a shell would read as code (`$()`,
// backticks, newlines, spaces: taken literally, never run).
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { sharedFolder, type BadInput, type CaseDirs } from './corpus';

const missing = (c: CaseDirs): string => join(c.dir, 'no such project');
const aFile = (c: CaseDirs): string => join(c.dir, 'Cargo.toml');
const makeFile = (c: CaseDirs): void => writeFileSync(aFile(c), '[package]\nname = "x"\n');
/** A crate folder nobody but its owner may list (the other user runs the CLI). */
const locked = (c: CaseDirs): string => join(c.dir, 'locked');
const makeLocked = (c: CaseDirs): void => {
  mkdirSync(locked(c));
  writeFileSync(join(locked(c), 'Cargo.toml'), '[package]\nname = "locked"\nedition = "2021"\n');
  chmodSync(locked(c), 0o700);
  sharedFolder(c.home);
};

/** Names a shell would expand: the project must be taken literally, and no `pwned` file appear. */
const HOSTILE_NAMES = ['with space', 'dollar $(touch pwned)', 'tick `touch pwned`', 'semi; touch pwned', 'new\nline', "quote ' and \" both", '-starts-with-dash'];

const hostile = (name: string): string => `project ${name}`;
const makeHostile = (name: string) => (c: CaseDirs): void => {
  const dir = join(c.dir, hostile(name));
  mkdirSync(dir);
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "odd"\nedition = "2021"\nrust-version = "1.75"\n');
  writeFileSync(join(dir, 'rust-toolchain'), '1.75\n');
};
const nothingRan = (c: CaseDirs): void => {
  expect(existsSync(join(c.dir, 'pwned')), 'a folder name was run as a command').toBe(false);
  expect(existsSync(join(process.cwd(), 'pwned')), 'a folder name was run as a command').toBe(false);
};

const UNREADABLE = /Cannot read the folder .*locked: permission denied/;

export const FOLDER_CASES: BadInput[] = [
  { name: 'scan of a missing folder', args: (c) => ['scan', missing(c)], code: 2, says: /scan: No such folder: .*no such project/ },
  { name: 'preflight of a missing folder', args: (c) => ['preflight', missing(c)], code: 2, says: /preflight: No such folder: .*no such project/ },
  { name: 'scan of a file', setup: makeFile, args: (c) => ['scan', aFile(c)], code: 2, says: /scan: Not a folder: .*Cargo\.toml/ },
  { name: 'run --project of a file', setup: makeFile, args: (c) => ['run', 'rust-wasmtime-upgrade', '--project', aFile(c)], code: 2, says: /Not a folder: .*Cargo\.toml/ },
  { name: 'measure --project of a missing folder', args: (c) => ['measure', '--project', missing(c)], code: 2, says: /--project: No such folder: .*no such project/ },
  { name: 'snapshots list --project of a missing folder', args: (c) => ['snapshots', 'list', '--project', missing(c)], code: 2, says: /--project: No such folder/ },
  { name: 'scan of a folder the user cannot read', setup: makeLocked, asOtherUser: true, args: (c) => ['scan', locked(c), '--no-toolchain'], code: 2, says: UNREADABLE },
  { name: 'preflight of a folder the user cannot read', setup: makeLocked, asOtherUser: true, args: (c) => ['preflight', locked(c)], code: 2, says: UNREADABLE },
  { name: 'snapshots create of a folder the user cannot read', setup: makeLocked, asOtherUser: true, args: (c) => ['snapshots', 'create', '--project', locked(c)], code: 2, says: UNREADABLE },
  { name: 'run in a folder the user cannot read', setup: makeLocked, asOtherUser: true, args: (c) => ['run', 'rust-wasmtime-upgrade', '--project', locked(c)], code: 2, says: UNREADABLE },
  {
    name: 'scan of a crate with a folder the user cannot read inside',
    setup: (c) => {
      writeFileSync(join(c.dir, 'Cargo.toml'), '[package]\nname = "outer"\nedition = "2021"\n');
      mkdirSync(join(c.dir, 'secret'));
      writeFileSync(join(c.dir, 'secret', 'Cargo.toml'), '[package]\nname = "inner"\n');
      chmodSync(join(c.dir, 'secret'), 0o700);
    },
    asOtherUser: true,
    args: (c) => ['scan', c.dir, '--no-toolchain'],
    code: 0,
    says: /Could not read \(1\): their pins are missing above\n\s+! secret: permission denied/,
  },
  ...HOSTILE_NAMES.map(
    (name): BadInput => ({
      name: `scan of a project named ${JSON.stringify(name)}`,
      setup: makeHostile(name),
      args: (c) => ['scan', join(c.dir, hostile(name)), '--json', '--no-toolchain'],
      code: 0,
      says: /"kind": "toolchain-channel"/,
      check: (c, result) => {
        nothingRan(c);
        expect((JSON.parse(result.stdout) as { root: string }).root).toBe(join(c.dir, hostile(name)));
      },
    }),
  ),
  ...HOSTILE_NAMES.map(
    (name): BadInput => ({
      name: `a snapshot of a project named ${JSON.stringify(name)}`,
      setup: makeHostile(name),
      args: (c) => ['snapshots', 'create', '--project', join(c.dir, hostile(name)), '--label', 'odd name'],
      code: 0,
      says: /Snapshot #1 taken in \d+ ms: 2 files/,
      check: nothingRan,
    }),
  ),
];
