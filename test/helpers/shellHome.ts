// A clean HOME for the shells tests start: the machine user's own profile
// stays out of them (here it runs `pyenv rehash`, whose lock a shell killed
// mid-start leaves behind for the next one to wait on), while cargo and
// rustup are still found where they are installed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export function shellHomeEnv(): { HOME: string; CARGO_HOME: string; RUSTUP_HOME: string } {
  const home = mkdtempSync(join(tmpdir(), 'stepwise-test-home-'));
  const cargoHome = process.env.CARGO_HOME ?? join(homedir(), '.cargo');
  // The login shell resets PATH from /etc/profile; a profile puts cargo back,
  // as rustup's installer does in a real home.
  writeFileSync(join(home, '.profile'), `export PATH="${join(cargoHome, 'bin')}:$PATH"\n`);
  return { HOME: home, CARGO_HOME: cargoHome, RUSTUP_HOME: process.env.RUSTUP_HOME ?? join(homedir(), '.rustup') };
}
