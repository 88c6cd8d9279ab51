// The operating system a session records as it starts: os-release read as
// os-release(5) writes it, and the machine's own values.
import { writeFileSync } from 'node:fs';
import { arch, release, type } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeHostSystem, parseOsRelease, readHostSystem } from '../../src/core/platform/hostSystem';
import { useTempDir } from '../helpers/tempDir';

describe('the host system', () => {
  const tempDir = useTempDir();

  it('reads os-release values bare, single- or double-quoted, with escapes', () => {
    const fields = parseOsRelease(
      [
        '# a comment',
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
        "NAME='Fedora Linux'",
        'ID=ubuntu',
        'VARIANT="say \\"hi\\" for \\$5"',
        '',
        'not a field',
      ].join('\n'),
    );
    expect(fields).toEqual({ PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)', NAME: 'Fedora Linux', ID: 'ubuntu', VARIANT: 'say "hi" for $5' });
  });

  it('takes PRETTY_NAME from the first os-release file that exists, else none', () => {
    const dir = tempDir();
    const usrLib = join(dir, 'usr-lib-os-release');
    writeFileSync(usrLib, 'NAME=Alpine\nPRETTY_NAME="Alpine Linux v3.20"\n');
    expect(readHostSystem([join(dir, 'missing'), usrLib])).toEqual({ type: type(), release: release(), arch: arch(), name: 'Alpine Linux v3.20' });
    expect(readHostSystem([join(dir, 'missing')]).name).toBeNull();
    const noPrettyName = join(dir, 'bare');
    writeFileSync(noPrettyName, 'ID=custom\n');
    expect(readHostSystem([noPrettyName]).name).toBeNull();
  });

  it('describes it with the distribution first, then the kernel and architecture', () => {
    expect(describeHostSystem({ type: 'Linux', release: '6.8.0-45-generic', arch: 'x64', name: 'Ubuntu 24.04.1 LTS' })).toBe(
      'Ubuntu 24.04.1 LTS, Linux 6.8.0-45-generic (x64)',
    );
    expect(describeHostSystem({ type: 'Darwin', release: '24.1.0', arch: 'arm64', name: null })).toBe('Darwin 24.1.0 (arm64)');
  });
});
