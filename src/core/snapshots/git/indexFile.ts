// Reading git's index file (formats 2, 3 and 4) as far as snapshots need:
// each entry's mode, stat size, flags and path, and where the extensions
// lie. Anything this reader does not follow exactly gives null, and callers
// fall back to asking git.

/** Where an index's parts are. */
export interface IndexLayout {
  version: number;
  entryCount: number;
  /** Extensions in file order: signature and byte range (header included). */
  extensions: { signature: string; start: number; end: number }[];
  /** Where the trailing checksum starts. */
  checksumAt: number;
}

/**
 * Called for each entry in file order. The path is `source[pathStart,
 * pathEnd)`, valid only during the call (format 4 rebuilds it in place).
 * Returning false stops the walk: walkIndex then gives null.
 */
export type EntryVisitor = (mode: number, statSize: number, flags: number, source: Buffer, pathStart: number, pathEnd: number) => boolean | void;

const CE_EXTENDED = 0x4000;

/** Walks the entries of `index` (object ids of `hashBytes` bytes); null when it is not an index this reader follows. */
export function walkIndex(index: Buffer, hashBytes: number, visit: EntryVisitor): IndexLayout | null {
  if (index.length < 12 + hashBytes || index.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = index.readUInt32BE(4);
  if (version < 2 || version > 4) return null;
  const entryCount = index.readUInt32BE(8);
  const checksumAt = index.length - hashBytes;
  const fixed = 40 + hashBytes + 2;
  // Format 4: the current path, rebuilt in place from the previous one. Formats 2 and 3: read where it lies.
  let current = Buffer.alloc(4096);
  let currentLength = 0;
  let at = 12;
  for (let i = 0; i < entryCount; i++) {
    if (at + fixed > checksumAt) return null;
    const mode = index.readUInt32BE(at + 24);
    const statSize = index.readUInt32BE(at + 36);
    const flags = index.readUInt16BE(at + 40 + hashBytes);
    let pathStart = at + fixed;
    if (flags & CE_EXTENDED) {
      if (version < 3) return null;
      pathStart += 2;
    }
    if (version === 4) {
      // The path is the previous one minus N bytes, plus a NUL-terminated suffix. N is git's offset varint
      // (varint.c): each continuation byte adds one before shifting.
      let p = pathStart;
      let byte = index[p++] ?? 0;
      let strip = byte & 0x7f;
      while (byte & 0x80) {
        if (p >= checksumAt) return null;
        byte = index[p++]!;
        strip = ((strip + 1) << 7) + (byte & 0x7f);
      }
      const nul = index.indexOf(0, p);
      if (nul < 0 || nul >= checksumAt || strip > currentLength) return null;
      const kept = currentLength - strip;
      currentLength = kept + nul - p;
      if (currentLength > current.length) {
        const grown = Buffer.alloc(currentLength * 2);
        current.copy(grown, 0, 0, kept);
        current = grown;
      }
      index.copy(current, kept, p, nul);
      at = nul + 1;
      if (visit(mode, statSize, flags, current, 0, currentLength) === false) return null;
    } else {
      // The flags hold the path's length, unless it is 0xFFF or more.
      const length = flags & 0xfff;
      const nul = length < 0xfff && index[pathStart + length] === 0 ? pathStart + length : index.indexOf(0, pathStart);
      if (nul < 0 || nul >= checksumAt) return null;
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
      at += (nul - at + 8) & ~7;
      if (visit(mode, statSize, flags, index, pathStart, nul) === false) return null;
    }
  }
  const extensions: IndexLayout['extensions'] = [];
  while (at + 8 <= checksumAt) {
    const end = at + 8 + index.readUInt32BE(at + 4);
    if (end > checksumAt) return null;
    extensions.push({ signature: index.toString('latin1', at, at + 4), start: at, end });
    at = end;
  }
  if (at !== checksumAt) return null;
  return { version, entryCount, extensions, checksumAt };
}

/** An entry's merge stage (0 when merged). */
export const stageOf = (flags: number): number => (flags >> 12) & 0x3;
