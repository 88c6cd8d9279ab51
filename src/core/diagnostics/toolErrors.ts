// Names the cargo and rustup errors an upgrade runs into, so that the same
// problem gets the same tool and code however it was reached (an issue list
// groups by them): the human-diagnostics parser reads these messages as
// plain `error:` blocks, tool cargo, code null.

import type { Diagnostic } from '../../shared/model';

interface Rule {
  tool: string;
  code: string | ((match: RegExpExecArray) => string);
  /** Tested on the message, or on the whole block (`rendered`) for causes. */
  test: RegExp;
  in: 'message' | 'rendered';
  /** A more telling message than the header's, when the cause is the news. */
  message?: (match: RegExpExecArray, diagnostic: Diagnostic) => string;
}

// First match wins: the deepest known cause before the generic wrappers
// (`failed to get `x` as a dependency` is often caused by one of the others).
const RULES: Rule[] = [
  {
    // Old cargo meeting an edition-2024 package, or any unstable manifest feature.
    tool: 'cargo',
    test: /feature `([\w-]+)` is required/,
    in: 'rendered',
    code: (m) => m[1] ?? 'cargo-feature',
    message: (m, d) => (d.message.includes(m[0]) ? d.message : `${d.message}: ${m[0]}`),
  },
  {
    // An edition bump past what the package's own rust-version allows (2021 needs 1.56, 2024 needs 1.85).
    tool: 'cargo',
    test: /rust-version \S+ is incompatible with the version \(\S+\) required by the specified edition \(\d+\)/,
    in: 'rendered',
    code: 'edition-rust-version',
    message: (m, d) => `${d.message}: ${m[0]}`,
  },
  {
    tool: 'cargo',
    test: /this version of Cargo is older than the `([^`]+)` edition/,
    in: 'rendered',
    code: 'edition-unsupported',
    message: (m, d) => `${d.message}: ${m[0]}`,
  },
  // MSRV: cargo < 1.83 says `package `x` cannot be built because it requires
  // rustc 1.78.0 or newer, while the currently active rustc version is 1.75.0`;
  // newer cargo lists the packages under `rustc 1.95.0 is not supported by ...`.
  { tool: 'cargo', test: /^package `[^`]+` cannot be built because it requires rustc /, in: 'message', code: 'rust-version' },
  {
    tool: 'cargo',
    test: /^rustc \S+ is not supported by the following packages?:/,
    in: 'message',
    code: 'rust-version',
    message: (_m, d) => [d.message, ...packageLines(d.rendered)].join(' '),
  },
  {
    // rustc (directly, or run by cargo to probe the target) on a removed target.
    tool: 'rustc',
    test: /(?:error loading target specification: )?could not find specification for target "[^"]+"/,
    in: 'rendered',
    code: 'target-unknown',
    message: (m) => m[0],
  },
  {
    tool: 'cargo',
    test: /^(?:failed to get `|failed to load source for dependency|no matching package (?:named|found)|failed to select a version for)/,
    in: 'message',
    code: 'dependency-resolution',
  },
  { tool: 'cargo', test: /^failed to download `/, in: 'message', code: 'download-failed' },
  // A cargo subcommand that is not installed (`cargo audit` without cargo-audit).
  { tool: 'cargo', test: /^no such command: `[^`]+`/, in: 'message', code: 'no-such-command' },
  // rustup: its messages quote names with '...', cargo's with `...`.
  { tool: 'rustup', test: /^(?:override )?toolchain '[^']+' is not installed/, in: 'message', code: 'toolchain-not-installed' },
  { tool: 'rustup', test: /does not support target '[^']+'/, in: 'message', code: 'target-unsupported' },
  { tool: 'rustup', test: /^component 'rust-std' for target '[^']+' is unavailable/, in: 'message', code: 'target-unsupported' },
  { tool: 'rustup', test: /^component '[^']+'.* is unavailable/, in: 'message', code: 'component-unavailable' },
  // A linked toolchain (`rustup toolchain link`, Debian's rustc) has only what it was built with.
  { tool: 'rustup', test: /^'[^']+' is not installed for the (?:custom )?toolchain '[^']+'/, in: 'message', code: 'component-missing' },
  {
    tool: 'rustup',
    test: /^(?:could not download file from '|failed to download\b(?!.*`)|(?:component )?download failed|network failure|.*Couldn't resolve host name)/,
    in: 'message',
    code: 'download-failed',
  },
];

/** The diagnostic with the tool and code of the known error it reports, if any. */
export function classifyToolError(diagnostic: Diagnostic): Diagnostic {
  // Only cargo's and rustup's own messages (no error code, no lint): rustc's
  // coded errors and lints already have their names.
  if (diagnostic.code !== null || (diagnostic.tool !== 'cargo' && diagnostic.tool !== 'rustup')) return diagnostic;
  for (const rule of RULES) {
    const match = rule.test.exec(rule.in === 'message' ? diagnostic.message : diagnostic.rendered);
    if (!match) continue;
    return {
      ...diagnostic,
      tool: rule.tool,
      code: typeof rule.code === 'string' ? rule.code : rule.code(match),
      message: rule.message ? rule.message(match, diagnostic) : diagnostic.message,
    };
  }
  return diagnostic;
}

/** `  msdep@0.3.1 requires rustc 1.99` lines under cargo's MSRV error. */
function packageLines(rendered: string): string[] {
  return rendered
    .split('\n')
    .filter((line) => /^\s+\S+@\S+ requires rustc /.test(line))
    .map((line) => line.trim());
}
