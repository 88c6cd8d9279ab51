// The rustup toolchains installed, by the short names `cargo +name` takes.
import { outputLines, probeCommand } from '../platform/processes/probeCommand';
import { shortToolchain } from '../toolchain/version';

/** `stable-x86_64-unknown-linux-gnu (active, default)` -> `stable`. */
export function parseToolchainList(text: string): string[] {
  return outputLines(text)
    .map((line) => line.replace(/\s*\(.*\)\s*$/, '').trim())
    .filter((name) => name !== '' && !name.startsWith('no installed toolchains'))
    .map(shortToolchain);
}

/** Empty when rustup is missing or fails: the form then takes any name. */
export async function installedToolchains(timeoutMs = 10_000): Promise<string[]> {
  const result = await probeCommand('rustup', ['toolchain', 'list'], { cwd: process.cwd(), env: { ...process.env, RUSTUP_AUTO_INSTALL: '0' }, timeoutMs });
  return 'stdout' in result ? parseToolchainList(result.stdout) : [];
}
