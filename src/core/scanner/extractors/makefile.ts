// Makefiles: `RUST_VERSION ?= 1.75` and other `*_VERSION` variables.
import type { Pin } from '../../../shared/scan';
import type { Source } from '../source';
import { isToolVersion } from '../../toolchain/version';

/** `[export|override] NAME (?=|:=|::=|:::=|+=|=) value`; `!=` runs a shell, so it is not a pin. */
const ASSIGNMENT = /^(\s*(?:(?:export|override|private)\s+)*)([A-Za-z_][A-Za-z0-9_]*_VERSION)(\s*(?:\?=|:::=|::=|:=|\+=|=)\s*)(.*)$/;
/** A single word such as `1.75`, `stable`, `nightly-2024-05-01`: not `$(shell ...)`. */
const TOOLCHAIN_WORD = /^[A-Za-z0-9_.+-]+$/;

export function makefilePins(source: Source): Pin[] {
  const pins: Pin[] = [];
  let continued = false;
  for (const line of source.lines()) {
    const wasContinued = continued;
    continued = /(^|[^\\])(\\\\)*\\$/.test(line.text);
    // Recipe lines (tab first) are shell, and continuation lines belong to the line before.
    if (wasContinued || line.text.startsWith('\t')) continue;
    const match = ASSIGNMENT.exec(line.text);
    if (!match) continue;
    const [, lead, name, operator, rest] = match as unknown as [string, string, string, string, string];
    let value = rest.replace(/(^|[^\\])#.*$/, '$1').trimEnd();
    let start = lead.length + name.length + operator.length;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) {
      value = quoted[2]!;
      start += 1;
    }
    if (!value) continue;
    if (name === 'RUST_VERSION') {
      if (TOOLCHAIN_WORD.test(value)) pins.push(source.pin(line.start + start, 'makefile-rust-version', value, name));
    } else if (isToolVersion(value)) {
      pins.push(source.pin(line.start + start, 'makefile-version', value, name));
    }
  }
  return pins;
}
