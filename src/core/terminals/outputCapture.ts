// What the journal keeps of one command's output: its head and its tail,
// each at most a fixed number of UTF-8 bytes, and how much was between them.
// A build that prints 1 GB costs the journal about 2 MiB, and the engine the
// same in memory: the head fills once, the tail is a ring buffer.
//
// Where the output is cut, the kept text shows it on a line of its own:
// `… 952 MiB not kept (997,982,208 bytes) …`. The cut falls between whole
// lines when a line ends near it (cheap: one search in the last 64 KiB of
// the head and the first 64 KiB of the tail, and never giving up more than
// half of either); otherwise inside a line, never inside a character.

import { formatBytes } from '../../shared/format';
import type { RunOutputSizes } from '../../shared/model';

/** Bytes kept from the start of a command's output, and from its end. */
export const HEAD_BYTES = 1024 * 1024;
export const TAIL_BYTES = 1024 * 1024;
/** How far from the cut a line end is looked for. */
const LINE_SEARCH = 64 * 1024;
const NEWLINE = 0x0a;

export interface CapturedOutput extends RunOutputSizes {
  /** The head and tail, with the cut marked between them. */
  text: string;
}

export class OutputCapture {
  private head: Buffer = Buffer.alloc(0);
  private headLength = 0;
  /** The last bytes after the head; a ring once full: `tailStart` is its oldest byte. */
  private tail: Buffer | null = null;
  private tailStart = 0;
  private tailLength = 0;
  private total = 0;

  constructor(
    private readonly headBytes = HEAD_BYTES,
    private readonly tailBytes = TAIL_BYTES,
  ) {}

  /** Every byte appended so far: it changes whenever the kept text may have. */
  get totalBytes(): number {
    return this.total;
  }

  append(data: string): void {
    if (data === '') return;
    let bytes = Buffer.from(data, 'utf8');
    this.total += bytes.length;
    if (this.headLength < this.headBytes) {
      const take = Math.min(bytes.length, this.headBytes - this.headLength);
      this.growHead(this.headLength + take);
      bytes.copy(this.head, this.headLength, 0, take);
      this.headLength += take;
      if (take === bytes.length) return;
      bytes = bytes.subarray(take);
    }
    this.appendTail(bytes);
  }

  /** The kept text and its sizes. */
  captured(): CapturedOutput {
    const tail = this.tailBytesInOrder();
    const omitted = this.total - this.headLength - tail.length;
    if (omitted === 0) {
      // Head and tail touch: decoded together, so a character split between them stays whole.
      return { text: Buffer.concat([this.head.subarray(0, this.headLength), tail]).toString('utf8'), totalBytes: this.total, keptBytes: this.total };
    }
    const head = this.head.subarray(0, headEnd(this.head, this.headLength));
    const kept = tail.subarray(tailStart(tail));
    const notKept = this.total - head.length - kept.length;
    const before = head.length > 0 && head[head.length - 1] !== NEWLINE ? '\r\n' : '';
    return {
      text: `${head.toString('utf8')}${before}${cutLine(notKept)}\r\n${kept.toString('utf8')}`,
      totalBytes: this.total,
      keptBytes: head.length + kept.length,
    };
  }

  private growHead(needed: number): void {
    if (this.head.length >= needed) return;
    // Doubling: a short command's output costs little, a long one's head is copied a few times at most.
    const grown = Buffer.alloc(Math.min(this.headBytes, Math.max(needed, 2 * this.head.length, 4096)));
    this.head.copy(grown, 0, 0, this.headLength);
    this.head = grown;
  }

  private appendTail(bytes: Buffer): void {
    const size = this.tailBytes;
    if (size === 0) return;
    this.tail ??= Buffer.alloc(size);
    if (bytes.length >= size) {
      bytes.copy(this.tail, 0, bytes.length - size);
      this.tailStart = 0;
      this.tailLength = size;
      return;
    }
    // Write after the newest byte, wrapping; the oldest bytes give way.
    let at = (this.tailStart + this.tailLength) % size;
    const first = Math.min(bytes.length, size - at);
    bytes.copy(this.tail, at, 0, first);
    bytes.copy(this.tail, 0, first);
    at = this.tailLength + bytes.length;
    if (at > size) this.tailStart = (this.tailStart + at - size) % size;
    this.tailLength = Math.min(size, at);
  }

  private tailBytesInOrder(): Buffer {
    if (!this.tail || this.tailLength === 0) return Buffer.alloc(0);
    const end = this.tailStart + this.tailLength;
    if (end <= this.tail.length) return this.tail.subarray(this.tailStart, end);
    return Buffer.concat([this.tail.subarray(this.tailStart), this.tail.subarray(0, end - this.tail.length)]);
  }
}

/** `… 952 MiB not kept (997,982,208 bytes) …` */
export function cutLine(bytes: number): string {
  return `… ${formatBytes(bytes)} not kept (${bytes.toLocaleString('en')} bytes) …`;
}

/** A line `cutLine` wrote, as a reader of the kept output finds it. */
export const CUT_LINE = /^… .+ not kept \([\d,]+ bytes\) …$/;

/** Where the kept head ends: after its last line end near the cut, else before a character the cut split. */
function headEnd(head: Buffer, length: number): number {
  const newline = head.lastIndexOf(NEWLINE, length - 1);
  if (newline !== -1 && newline >= length - Math.min(LINE_SEARCH, length / 2)) return newline + 1;
  // Back over continuation bytes to the last character's lead byte: cut before it if the character is not whole.
  let lead = length;
  while (lead > 0 && lead > length - 4 && (head[lead - 1]! & 0xc0) === 0x80) lead--;
  const byte = lead > 0 ? head[lead - 1]! : 0;
  return byte >= 0xc0 && lead - 1 + sequenceLength(byte) > length ? lead - 1 : length;
}

/** Where the kept tail starts: after its first line end near the cut, else at the first whole character. */
function tailStart(tail: Buffer): number {
  const newline = tail.indexOf(NEWLINE);
  if (newline !== -1 && newline < Math.min(LINE_SEARCH, tail.length / 2)) return newline + 1;
  let start = 0;
  while (start < tail.length && start < 4 && (tail[start]! & 0xc0) === 0x80) start++;
  return start;
}

function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
}
