/** A word for a POSIX shell: as it is when it needs no quoting, else in single quotes. */
export function shellQuote(value: string): string {
  return /^[\w./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
