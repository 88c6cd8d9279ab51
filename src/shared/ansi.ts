// Terminal escape sequences, for code that wants the text a user sees.
// Output captured from a pty is full of them: cargo and rustc colour their
// output in a tty, and shells and newer cargo emit OSC sequences (window
// titles, hyperlinks, `ESC ] 9;4` progress).

/**
 * One escape sequence, longest forms first:
 * - string sequences (OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`, PM `ESC ^`,
 *   APC `ESC _`) ended by BEL or ST (`ESC \`). An unterminated one is
 *   dropped up to the end of the line, so a cut-off sequence can't leak into
 *   the text; it never swallows a newline.
 * - CSI `ESC [ params intermediates final`, e.g. colours `ESC[1;91m`, `ESC[K`;
 *   also its 8-bit form U+009B.
 * - any other escape: `ESC` + intermediates + final byte (`ESC ( B`, `ESC 7`).
 */
const ESCAPE_SEQUENCE =
  /\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b[ -/]*[0-~]/g;

/** Removes ANSI/VT escape sequences (colours, cursor moves, OSC...) from complete text. */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '');
}
