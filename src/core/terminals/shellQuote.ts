// The one way text becomes shell syntax, wherever the engine, the CLI or the
// guide writes a value into a command line (plan templates: plans/commandTemplate.ts).

/** Characters that mean themselves anywhere, even inside a word next to other text (no glob, brace, tilde, extglob). */
const PLAIN_PIECE = /^[A-Za-z0-9_./-]+$/;
/**
 * Characters that also mean themselves in a word of their own: `@ % + = : ,`
 * are special only next to `(` or `{`, or (`=` after a name, a leading `%`)
 * as the first word of a command.
 */
const PLAIN_WORD = /^(?![A-Za-z_]\w*=|%)[A-Za-z0-9_@%+=:,./-]+$/;

/** The text needs no quoting even as part of a longer word: every character means itself. */
export function isPlainPiece(text: string): boolean {
  return PLAIN_PIECE.test(text);
}

/**
 * One word for bash or any POSIX shell, literally `text` whatever it holds:
 * as it is when every character is plain, else quoted (quotedWord). `tilde`
 * keeps a leading `~/` expandable (paths the guide shows under the home folder).
 */
export function shellWord(text: string, options: { tilde?: boolean } = {}): string {
  if (options.tilde && text.startsWith('~/')) return `~/${text.length > 2 ? shellWord(text.slice(2)) : ''}`;
  return PLAIN_WORD.test(text) ? text : quotedWord(text);
}

/**
 * `text` single-quoted, with `'` as `\'` and `!` as `\!` outside the quotes.
 * Single quotes alone do not stop an interactive bash's history expansion
 * where its history parser takes the word for part of a double-quoted string
 * (`"$(echo '!x')"` in older bash); a backslash before `!` stops it everywhere.
 */
export function quotedWord(text: string): string {
  const word = text
    .split(/(['!])/)
    .filter((piece) => piece !== '')
    .map((piece) => (piece === "'" || piece === '!' ? `\\${piece}` : `'${piece}'`))
    .join('');
  return word || "''";
}

/**
 * `text` as an ANSI-C quoted word (`$'...'`) in which every character but
 * letters, digits, `_ . / -` and space is a `\xHH` byte: no quote, `!`, `$`
 * or backtick inside. For backtick substitutions, where bash loses single
 * quotes around a `"` when the backticks sit in double quotes.
 */
export function byteQuotedWord(text: string): string {
  let body = '';
  for (const char of text) {
    body += /^[A-Za-z0-9_./ -]$/.test(char) ? char : [...Buffer.from(char, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  }
  return `$'${body}'`;
}
