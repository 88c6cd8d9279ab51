// Repairs UTF-8 text that was decoded once as Mac Roman ("üöÄ" for "🚀",
// "‚úÖ" for "✅", "‚Üí" for "→"). Every byte of a UTF-8 multi-byte sequence
// is >= 0x80, so such a sequence shows up as a run of characters from the upper
// half of the Mac Roman table. Each run is turned back into bytes and decoded
// as UTF-8 where that gives a valid, plausible character; everything else
// (ASCII, real "é" or "ü", odd bytes) is left as it is.

export interface MojibakeRepair {
  text: string;
  /** How many UTF-8 sequences were put back together. */
  repairs: number;
  /** A few of them, as `"üöÄ" → "🚀"`, for a warning. */
  examples: string[];
}

interface Table {
  byteOf: Map<string, number>;
  run: RegExp;
}

let table: Table | null | undefined;

/** The inverse of Mac Roman's upper half, or null when this runtime has no `macintosh` decoder. */
function macRomanTable(): Table | null {
  if (table !== undefined) return table;
  try {
    const upper = new TextDecoder('macintosh').decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
    const byteOf = new Map<string, number>();
    [...upper].forEach((char, i) => byteOf.set(char, 0x80 + i));
    // Older Apple mappings, still met in the wild: 0xDB was the currency sign, 0xBD the ohm sign.
    if (!byteOf.has('¤')) byteOf.set('¤', 0xdb);
    if (!byteOf.has('\u2126')) byteOf.set('\u2126', 0xbd);
    const chars = [...byteOf.keys()].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('');
    table = byteOf.size >= 128 ? { byteOf, run: new RegExp(`[${chars}]{2,}`, 'gu') } : null;
  } catch {
    table = null;
  }
  return table;
}

/** Whether this runtime can repair at all (Node with full ICU can). */
export function canRepairMojibake(): boolean {
  return macRomanTable() !== null;
}

export function repairMojibake(input: string): MojibakeRepair {
  const found = macRomanTable();
  if (!found) return { text: input, repairs: 0, examples: [] };
  let repairs = 0;
  const examples: string[] = [];
  const text = input.replace(found.run, (run) => {
    const { text: fixed, count } = repairRun(run, found.byteOf);
    if (count > 0) {
      repairs += count;
      if (examples.length < 3 && !examples.some((e) => e.startsWith(`"${run}"`))) examples.push(`"${run}" → "${fixed}"`);
    }
    return fixed;
  });
  return { text, repairs, examples };
}

/** Punctuation whose Mac Roman byte is also a 2-byte lead: "“Ärger”" or "A–Ö" are real text. */
const PUNCTUATION_LEADS = new Set([0xc7, 0xc8, 0xc9, 0xca, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xdc, 0xdd]);

function repairRun(run: string, byteOf: Map<string, number>): { text: string; count: number } {
  const chars = [...run];
  const bytes = chars.map((c) => byteOf.get(c)!);
  const decoded: { at: number; length: number; char: string }[] = [];
  for (let i = 0; i < bytes.length; ) {
    const seq = decodeAt(bytes, i);
    const previous = decoded[decoded.length - 1];
    const afterRepair = previous !== undefined && previous.at + previous.length === i;
    if (seq && plausible(seq.cp, seq.length, afterRepair)) {
      decoded.push({ at: i, length: seq.length, char: String.fromCodePoint(seq.cp) });
      i += seq.length;
    } else {
      i += 1;
    }
  }
  // A lone 2-byte sequence led by punctuation is more likely real text than mojibake.
  const kept = decoded.filter(
    (d) => !(d.length === 2 && PUNCTUATION_LEADS.has(bytes[d.at]!) && decoded.filter((o) => o.length === 2).length < 2),
  );
  if (kept.length === 0) return { text: run, count: 0 };
  let out = '';
  let i = 0;
  for (const d of kept) {
    out += chars.slice(i, d.at).join('') + d.char;
    i = d.at + d.length;
  }
  return { text: out + chars.slice(i).join(''), count: kept.length };
}

/** A well-formed UTF-8 multi-byte sequence starting at `i` (no overlongs, no surrogates). */
function decodeAt(bytes: number[], i: number): { cp: number; length: number } | null {
  const lead = bytes[i]!;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return null;
  let cp = lead & (length === 2 ? 0x1f : length === 3 ? 0x0f : 0x07);
  for (let k = 1; k < length; k++) {
    const b = bytes[i + k]!;
    if ((b & 0xc0) !== 0x80) return null;
    cp = (cp << 6) | (b & 0x3f);
  }
  const min = length === 2 ? 0x80 : length === 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return { cp, length };
}

/**
 * Would this character plausibly have been in the original text? Rejects
 * controls, unassigned and private-use code points; combining marks and
 * joiners only count right after another repaired character (an emoji's
 * U+FE0F); 2-byte results must be Latin, Greek or basic Cyrillic letters or
 * Latin-1 symbols, since other 2-byte readings are mostly accidents.
 */
function plausible(cp: number, length: number, afterRepair: boolean): boolean {
  const char = String.fromCodePoint(cp);
  if (/[\p{Cc}\p{Cn}\p{Co}\p{Cs}]/u.test(char)) return false;
  if (/[\p{M}\p{Cf}]/u.test(char)) return afterRepair;
  if (length === 2) return (cp >= 0xa0 && cp <= 0x24f) || (cp >= 0x370 && cp <= 0x3ff) || (cp >= 0x400 && cp <= 0x45f);
  return true;
}
