// Build tools around cargo: make and docker. (The shell's `command not
// found` is read by the human-diagnostics parser.)

import type { Diagnostic } from '../../shared/model';
import type { LineParser } from './lines';

/** `make: *** [Makefile:12: wasm-build] Error 101`, `make[1]: *** [wasm] Error 2`, `make: *** No rule to make target 'x'.  Stop.` */
const MAKE = /^g?make(?:\[\d+\])?: \*\*\* (?:\[(?:(.+?):(\d+): )?([^\]]+)\] (.+)|(.+))$/;

const DOCKER: { test: RegExp; code: string }[] = [
  // BuildKit: `ERROR: failed to solve: process "/bin/sh -c cargo build" did not complete successfully: exit code: 101`.
  { test: /^ERROR: (failed to (?:solve|build): .+)$/, code: 'build-failed' },
  // Printed bare by `docker build`, after `docker: ` by `docker run`.
  { test: /^(?:docker: |ERROR: )?(Cannot connect to the Docker daemon at .+)$/, code: 'daemon-unreachable' },
  { test: /^docker: (Error response from daemon: .+)$/, code: 'daemon-error' },
];

export class GenericToolParser implements LineParser {
  line(text: string, out: Diagnostic[]): boolean {
    const first = text.charCodeAt(0);
    if (first === 109 /* m */ || first === 103 /* g */) return this.make(text, out);
    if (first !== 69 /* E */ && first !== 67 /* C */ && first !== 100 /* d */) return false;
    for (const { test, code } of DOCKER) {
      const match = test.exec(text);
      if (match) {
        out.push(issue('docker', code, match[1] ?? text, null, null, text));
        return true;
      }
    }
    return false;
  }

  end(): void {}

  private make(text: string, out: Diagnostic[]): boolean {
    const make = MAKE.exec(text);
    if (!make) return false;
    const [, file, line, target, status, other] = make;
    const message = target ? `target \`${target}\` failed: ${status ?? ''}` : (other ?? text);
    out.push(issue('make', null, message, file ?? null, line ? Number(line) : null, text));
    return true;
  }
}

function issue(tool: string, code: string | null, message: string, file: string | null, line: number | null, rendered: string): Diagnostic {
  return { severity: 'error', tool, code, message, file, line, column: null, rendered };
}
