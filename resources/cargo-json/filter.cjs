// Stands between `cargo ... --message-format=json-diagnostic-rendered-ansi`
// and the terminal, for plan steps that run cargo (src/core/runs/cargoJsonStep.ts).
// The shell integration's `cargo` function runs, for a step's command:
//
//   cargo check --message-format=json-diagnostic-rendered-ansi 2>&1 | node filter.cjs MESSAGES_FILE
//
// - a cargo JSON message (a line that is a JSON object with a "reason") is
//   appended to MESSAGES_FILE, which the engine parses when the run ends, and
//   a compiler message's "rendered" text (with its colours) is printed, as
//   cargo would have printed it without --message-format;
// - any other line (test output, a build script's, anything not JSON) is
//   printed as it came, and a line still being written is printed at once
//   unless it could be the start of a JSON message.
// It always exits 0, so the pipeline's status is cargo's.
'use strict';
const { closeSync, openSync, writeSync } = require('node:fs');

const messagesFile = process.argv[2];
if (!messagesFile) {
  process.stderr.write('usage: filter.cjs MESSAGES_FILE\n');
  process.exit(2);
}
const messages = openSync(messagesFile, 'a');
const OPEN_BRACE = 0x7b;
const NEWLINE = 0x0a;

/** The start of the current line, held while it may be a JSON message. */
let held = null;
/** The current line's start was already printed: the rest of it is plain text too. */
let printing = false;

function print(bytes) {
  try {
    writeSync(1, bytes);
  } catch {
    // The terminal went away: nothing left to show the output to.
  }
}

/** A complete line, without its newline. */
function line(bytes) {
  if (bytes[0] === OPEN_BRACE) {
    let message = null;
    try {
      message = JSON.parse(bytes.toString('utf8'));
    } catch {
      // Not JSON: shown as text below.
    }
    if (message && typeof message === 'object' && typeof message.reason === 'string') {
      try {
        writeSync(messages, Buffer.concat([bytes, Buffer.from('\n')]));
      } catch {
        // Disk full? The engine then reads the issues from the rendered text.
      }
      const rendered = message.reason === 'compiler-message' ? message.message?.rendered : null;
      if (typeof rendered === 'string') print(rendered);
      return;
    }
  }
  print(Buffer.concat([bytes, Buffer.from('\n')]));
}

process.stdin.on('data', (chunk) => {
  let from = 0;
  for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, from)) {
    const part = chunk.subarray(from, newline);
    if (printing) print(Buffer.concat([part, Buffer.from('\n')]));
    else line(held ? Buffer.concat([held, part]) : part);
    held = null;
    printing = false;
    from = newline + 1;
  }
  if (from === chunk.length) return;
  const rest = chunk.subarray(from);
  if (printing || (!held && rest[0] !== OPEN_BRACE)) {
    // A prompt or progress text without its newline yet: show it now.
    print(rest);
    printing = true;
  } else {
    held = held ? Buffer.concat([held, rest]) : Buffer.from(rest);
  }
});

process.stdin.on('end', () => {
  if (held) line(held);
  closeSync(messages);
});
