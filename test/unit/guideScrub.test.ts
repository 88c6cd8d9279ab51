import { describe, expect, it } from 'vitest';
import { makeScrub, redactSecrets, REDACTED, tildeHome } from '../../src/core/guide/scrub';

describe('secrets are redacted from the guide', () => {
  const cases: [string, string, string][] = [
    ['an env assignment', 'GITHUB_TOKEN=ghx_notaformat cargo publish', `GITHUB_TOKEN=${REDACTED} cargo publish`],
    ['an exported, quoted one', 'export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG"', `export AWS_SECRET_ACCESS_KEY=${REDACTED}`],
    ['a single-quoted one', "CARGO_REGISTRY_TOKEN='abc def' cargo publish", `CARGO_REGISTRY_TOKEN=${REDACTED} cargo publish`],
    ['a password without underscore', 'PGPASSWORD=hunter2 psql', `PGPASSWORD=${REDACTED} psql`],
    ['a bearer header', 'curl -H "Authorization: Bearer abc.def.ghi" https://x', `curl -H "Authorization: Bearer ${REDACTED}" https://x`],
    ['a basic header', 'Authorization: Basic dXNlcjpwYXNz', `Authorization: Basic ${REDACTED}`],
    ['credentials in a URL', 'git clone https://ana:s3cret@git.example.com/r.git', `git clone https://${REDACTED}@git.example.com/r.git`],
    ['a token flag', 'cargo login --token cio0123456789abcdef', `cargo login --token ${REDACTED}`],
    ['a GitHub token anywhere', 'remote: ghp_abcdefghijklmnopqrstuvwxyz0123456789 is bad', `remote: ${REDACTED} is bad`],
    ['a GitHub token as the URL user', 'https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r', `https://${REDACTED}@github.com/o/r`],
    ['a GitLab token', 'token glpat-abcdefghijklmnopqrst1', `token ${REDACTED}`],
    ['an AWS access key id', 'key AKIAIOSFODNN7EXAMPLE used', `key ${REDACTED} used`],
    ['a private key', 'x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\nNzaC1\n-----END OPENSSH PRIVATE KEY-----\ny', `x\n${REDACTED}\ny`],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  const untouched = [
    'GIT_AUTHOR_NAME=t git commit',
    'let token = tokens.next();',
    'TOKEN=$GITHUB_TOKEN ./publish.sh',
    'https://github.com/rust-lang/rust/pull/118297',
    'ssh://git@github.com/o/r.git',
    'error[E0432]: unresolved import `wasmtime::WasiCtxBuilder`',
    'RUST_VERSION=1.81 make check',
    'task-12345',
  ];
  it.each(untouched)('leaves alone: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('the home directory as ~', () => {
  const tilde = tildeHome('/home/ana');
  it('shortens paths under it, and the home itself', () => {
    expect(tilde('cd /home/ana/src/x && ls /home/ana')).toBe('cd ~/src/x && ls ~');
  });
  it('leaves other users and longer names alone', () => {
    expect(tilde('/home/anaconda/bin /srv/home/ana/x')).toBe('/home/anaconda/bin /srv/home/ana/x');
  });
  it('does both, or neither, as asked', () => {
    const text = 'GITHUB_TOKEN=abc /home/ana/x';
    expect(makeScrub({ home: '/home/ana', tildeHome: true, redactSecrets: true })(text)).toBe(`GITHUB_TOKEN=${REDACTED} ~/x`);
    expect(makeScrub({ home: '/home/ana', tildeHome: false, redactSecrets: false })(text)).toBe(text);
  });
});
