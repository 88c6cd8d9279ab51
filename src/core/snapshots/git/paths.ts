// Paths inside a repository are bytes: git stores whatever the file system
// gave it, and on Linux that need not be UTF-8. These helpers keep them as
// Buffers and convert only for display, trailers and JSON.
import { join } from 'node:path';

/** UTF-8 text of a path; lossy (U+FFFD) when the bytes are not valid UTF-8. */
export function displayPath(path: Buffer): string {
  return path.toString('utf8');
}

/** True when `path` is valid UTF-8 (so its string form is exact). */
export function isExactUtf8(path: Buffer): boolean {
  return Buffer.from(path.toString('utf8'), 'utf8').equals(path);
}

/** A path as shown to callers: the string, plus the bytes when the string is lossy. */
export interface PathInfo {
  path: string;
  /** Present only when `path` cannot represent the name exactly (not UTF-8). */
  pathBytes?: Buffer;
}

export function pathInfo(path: Buffer): PathInfo {
  return isExactUtf8(path) ? { path: displayPath(path) } : { path: displayPath(path), pathBytes: Buffer.from(path) };
}

/** A caller's path (string or bytes) as bytes, without a leading "./" or trailing "/". */
export function toPathBytes(path: string | Buffer): Buffer {
  let text = typeof path === 'string' ? Buffer.from(path.replace(/\\/g, '/'), 'utf8') : Buffer.from(path);
  while (text.length >= 2 && text[0] === 0x2e && text[1] === 0x2f) text = text.subarray(2);
  while (text.length > 0 && text[text.length - 1] === 0x2f) text = text.subarray(0, text.length - 1);
  return text;
}

/** Escapes a path for one line of a commit message: %XX for bytes outside printable ASCII and for '%'. */
export function escapePath(path: Buffer): string {
  let out = '';
  for (const byte of path) {
    out += byte > 0x20 && byte < 0x7f && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function unescapePath(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** Absolute path of repository path `rel` under `root`, as bytes (Node fs accepts Buffer paths). */
export function absPath(root: string, rel: Buffer): Buffer {
  return rel.length === 0 ? Buffer.from(root) : Buffer.concat([Buffer.from(join(root, '/')), rel]);
}

/** Parent of a repository path (bytes), or null at the top. */
export function parentOf(rel: Buffer): Buffer | null {
  const slash = rel.lastIndexOf(0x2f);
  return slash < 0 ? null : rel.subarray(0, slash);
}

/** All proper ancestors of `rel`, outermost first: a/b/c -> [a, a/b]. */
export function ancestorsOf(rel: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < rel.length; i++) if (rel[i] === 0x2f) out.push(rel.subarray(0, i));
  return out;
}

/** True when `rel` equals `prefix` or lies under it. An empty prefix covers everything. */
export function isWithin(rel: Buffer, prefix: Buffer): boolean {
  if (prefix.length === 0) return true;
  if (rel.length < prefix.length || !rel.subarray(0, prefix.length).equals(prefix)) return false;
  return rel.length === prefix.length || rel[prefix.length] === 0x2f;
}

/** Map key for a byte path. */
export function keyOf(rel: Buffer): string {
  return rel.toString('latin1');
}

export function fromKey(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}

/** Splits NUL-terminated output into its records (the last, empty piece dropped). */
export function splitNul(out: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = out.indexOf(0, start); i >= 0; i = out.indexOf(0, start)) {
    parts.push(out.subarray(start, i));
    start = i + 1;
  }
  if (start < out.length) parts.push(out.subarray(start));
  return parts;
}
