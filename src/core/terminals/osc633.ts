// Streaming parser for VS Code-style shell-integration marks (OSC 633).
// Everything else, other escape sequences included, passes through untouched.

export type TerminalEvent =
  | { type: 'output'; data: string }
  | { type: 'promptStart' }
  | { type: 'promptEnd' }
  | { type: 'commandLine'; commandLine: string }
  | { type: 'commandStart' }
  | { type: 'commandEnd'; exitCode: number | null }
  | { type: 'cwd'; cwd: string };

const INTRO = '\x1b]633;';
const BEL = '\x07';
const ESC = '\x1b';
/** Default bound on a held, unfinished sequence; past it the bytes go out as output. */
export const MAX_HELD_CHARS = 64 * 1024;

/** Undo the shell's escaping: `\\` -> `\`, `\xNN` -> that character. */
export function unescapeValue(value: string): string {
  return value.replace(/\\(\\|x([0-9a-fA-F]{2}))/g, (_m, what: string, hex: string | undefined) =>
    hex === undefined ? what : String.fromCharCode(parseInt(hex, 16)),
  );
}

function parsePayload(payload: string): TerminalEvent | null {
  const sep = payload.indexOf(';');
  const code = sep === -1 ? payload : payload.slice(0, sep);
  const rest = sep === -1 ? '' : payload.slice(sep + 1);
  switch (code) {
    case 'A':
      return { type: 'promptStart' };
    case 'B':
      return { type: 'promptEnd' };
    case 'C':
      return { type: 'commandStart' };
    case 'E': {
      // VS Code appends `;<nonce>`; the command line itself never holds a raw `;`.
      const end = rest.indexOf(';');
      return { type: 'commandLine', commandLine: unescapeValue(end === -1 ? rest : rest.slice(0, end)) };
    }
    case 'D': {
      const code = sep === -1 ? NaN : Number.parseInt(rest, 10);
      return { type: 'commandEnd', exitCode: Number.isNaN(code) ? null : code };
    }
    case 'P':
      return rest.startsWith('Cwd=') ? { type: 'cwd', cwd: unescapeValue(rest.slice(4)) } : null;
    default:
      return null; // other 633 marks (F, G, ...) carry nothing we use
  }
}

/** Length of the longest suffix of `s` that is a proper prefix of INTRO. */
function partialIntroLength(s: string): number {
  for (let n = Math.min(INTRO.length - 1, s.length); n > 0; n--) {
    if (s.endsWith(INTRO.slice(0, n))) return n;
  }
  return 0;
}

export class Osc633Parser {
  /**
   * Held back: the start of an intro, or an unfinished sequence, in parts.
   * A sequence's parts are joined once, when its end arrives: a long one
   * costs time in proportion to its length, however small the chunks.
   */
  private held: string[] = [];
  private heldChars = 0;
  /** The held text is a whole intro and more, with no BEL or ESC after it yet. */
  private heldSequence = false;

  constructor(private readonly maxHeld = MAX_HELD_CHARS) {}

  push(chunk: string): TerminalEvent[] {
    if (this.heldSequence && chunk.indexOf(BEL) === -1 && chunk.indexOf(ESC) === -1) {
      // Still inside the held sequence: only this chunk needed a look.
      this.hold(chunk);
      if (this.heldChars <= this.maxHeld) return [];
      return [{ type: 'output', data: this.release() }];
    }
    const events: TerminalEvent[] = [];
    const data = this.release() + chunk;
    let out = ''; // plain output not yet emitted
    let pos = 0;
    while (pos < data.length) {
      const start = data.indexOf(INTRO, pos);
      if (start === -1) {
        // Hold back only a tail that may grow into the intro.
        const keep = partialIntroLength(data.slice(Math.max(pos, data.length - INTRO.length)));
        out += data.slice(pos, data.length - keep);
        if (keep > 0) this.hold(data.slice(data.length - keep));
        break;
      }
      out += data.slice(pos, start);
      const end = this.findTerminator(data, start + INTRO.length);
      if (end === 'incomplete') {
        this.hold(data.slice(start));
        // A held ESC may yet become ST: then the whole text is looked at again.
        this.heldSequence = data.charCodeAt(data.length - 1) !== 0x1b;
        break;
      }
      if (end === 'invalid') {
        // ESC that is not ST ends the OSC in a terminal too; pass it all through.
        out += INTRO;
        pos = start + INTRO.length;
        continue;
      }
      const event = parsePayload(data.slice(start + INTRO.length, end.payloadEnd));
      if (event) {
        if (out) events.push({ type: 'output', data: out });
        out = '';
        events.push(event);
      }
      pos = end.next;
    }
    if (this.heldChars > this.maxHeld) {
      // A broken stream: give the bytes back rather than grow without bound.
      out += this.release();
    }
    if (out) events.push({ type: 'output', data: out });
    return events;
  }

  /** End of stream: release anything held as plain output. */
  end(): TerminalEvent[] {
    const rest = this.release();
    return rest ? [{ type: 'output', data: rest }] : [];
  }

  /** Characters held back waiting for the rest of a sequence. */
  get heldLength(): number {
    return this.heldChars;
  }

  private hold(text: string): void {
    this.held.push(text);
    this.heldChars += text.length;
  }

  /** Everything held, as one string; nothing is held after. */
  private release(): string {
    const text = this.held.length === 1 ? this.held[0]! : this.held.join('');
    this.held = [];
    this.heldChars = 0;
    this.heldSequence = false;
    return text;
  }

  private findTerminator(
    data: string,
    from: number,
  ): { payloadEnd: number; next: number } | 'incomplete' | 'invalid' {
    for (let i = from; i < data.length; i++) {
      const c = data[i];
      if (c === BEL) return { payloadEnd: i, next: i + 1 };
      if (c === ESC) {
        if (i + 1 >= data.length) return 'incomplete';
        return data[i + 1] === '\\' ? { payloadEnd: i, next: i + 2 } : 'invalid';
      }
    }
    return 'incomplete';
  }
}
