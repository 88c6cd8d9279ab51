// The rustup toolchains installed, by the short names `cargo +name` takes.
import { execFile } from 'node:child_process';

/** `stable-x86_64-unknown-linux-gnu (active, default)` -> `stable`. */
export function parseToolchainList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/\s*\(.*\)\s*$/, '').trim())
    .filter((name) => name !== '' && !name.startsWith('no installed toolchains'))
    .map((name) => name.replace(/-(?:x86_64|aarch64|i686|armv7|arm|riscv64gc|powerpc64le|s390x|loongarch64)-[a-z0-9_]+-[a-z0-9_]+(?:-[a-z0-9_]+)?$/, ''));
}

/** Empty when rustup is missing or fails: the form then takes any name. */
export function installedToolchains(timeoutMs = 10_000): Promise<string[]> {
  return new Promise((resolve) => {
    execFile('rustup', ['toolchain', 'list'], { timeout: timeoutMs }, (error, stdout) => resolve(error ? [] : parseToolchainList(stdout)));
  });
}
