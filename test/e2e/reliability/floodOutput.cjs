// `node floodOutput.cjs MB`: prints MB megabytes (MiB) of what a long build
// prints, as fast as the terminal takes it: cargo's coloured status lines,
// short and 200 KB lines, warnings in rustc's format (50 distinct ones, over
// and over), and every 64 MiB one line of 20 MiB (past the parser's cap).
// Ends with `flood done: N bytes`. The same bytes every time.
'use strict';

const total = Number(process.argv[2]) * 2 ** 20;
const GREEN = '\x1b[1m\x1b[92m';
const RESET = '\x1b[0m';

function warning(k) {
  const name = `x${k % 50}`;
  return [
    `\x1b[1m\x1b[33mwarning\x1b[0m\x1b[1m: unused variable: \`${name}\`\x1b[0m`,
    `  \x1b[1m\x1b[94m--> \x1b[0msrc/gen${k % 50}.rs:${(k % 50) + 1}:9`,
    '   \x1b[1m\x1b[94m|\x1b[0m',
    `\x1b[1m\x1b[94m12\x1b[0m \x1b[1m\x1b[94m|\x1b[0m     let ${name} = 3;`,
    `   \x1b[1m\x1b[94m|\x1b[0m         \x1b[1m\x1b[33m^\x1b[0m \x1b[1m\x1b[33mhelp: if this is intentional, prefix it with an underscore: \`_${name}\`\x1b[0m`,
    '   \x1b[1m\x1b[94m|\x1b[0m',
    '   \x1b[1m\x1b[94m= \x1b[0m\x1b[1mnote\x1b[0m: `#[warn(unused_variables)]` on by default',
    '',
    '',
  ].join('\n');
}

/** About 350 KiB: 4,000 short lines, a warning, a 200 KB line. */
function block(k) {
  const lines = [];
  for (let i = 0; i < 4000; i++) {
    lines.push(i % 4 === 0 ? `${GREEN}   Compiling${RESET} crate-${k}-${i} v0.${i % 10}.${k % 100}` : `test module_${k}::case_${i} ... ok`);
  }
  lines.push(warning(k));
  lines.push(`data: ${'0123456789abcdef'.repeat(200 * 64)}`);
  return `${lines.join('\n')}\n`;
}

const LONG_LINE = Buffer.alloc(20 * 2 ** 20, 'L');
let written = 0;
let k = 0;
let sinceLong = 0;

function next() {
  while (written < total) {
    let chunk;
    if (sinceLong >= 64 * 2 ** 20) {
      chunk = Buffer.concat([Buffer.from('long: '), LONG_LINE, Buffer.from('\n')]);
      sinceLong = 0;
    } else {
      chunk = Buffer.from(block(k++));
    }
    written += chunk.length;
    sinceLong += chunk.length;
    if (!process.stdout.write(chunk)) return void process.stdout.once('drain', next);
  }
  process.stdout.write(`flood done: ${written} bytes\n`);
}

next();
