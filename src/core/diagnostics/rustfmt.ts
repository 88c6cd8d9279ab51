// `cargo fmt --check`: one warning per file rustfmt would change.

import type { Diagnostic } from '../../shared/model';
import type { LineParser } from './lines';

/** rustfmt 1.9 (Rust 1.95): `Diff in /p/src/lib.rs:12:`; older: `Diff in /p/src/lib.rs at line 12:`. */
const DIFF = /^Diff in (.+?)(?: at line |:)(\d+):$/;

export class RustfmtParser implements LineParser {
  /** A file has one hunk per change: the first one stands for the file. */
  private readonly files = new Set<string>();

  line(text: string, out: Diagnostic[]): boolean {
    if (text.charCodeAt(0) !== 68 /* D */) return false;
    const diff = DIFF.exec(text);
    if (!diff) return false;
    const file = diff[1] ?? '';
    if (!this.files.has(file)) {
      this.files.add(file);
      out.push({
        severity: 'warning',
        tool: 'rustfmt',
        code: 'fmt',
        message: 'not formatted: `cargo fmt` would change this file',
        file,
        line: Number(diff[2]),
        column: null,
        rendered: text,
      });
    }
    return true;
  }

  end(): void {}
}
