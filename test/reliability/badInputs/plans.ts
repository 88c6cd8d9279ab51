// Plans that cannot be used (malformed, huge, binary, hostile; YAML and
// Markdown), refused before anything runs with file:line:column; and
// injection attempts in every parameter type, refused naming the parameter or,
// for free text, run with the value literal. Nothing may run that the plan
// file does not show: no `pwned` file ever appears.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BadInput, CaseDirs } from './corpus';

const planFile = (c: CaseDirs, name: string): string => join(c.dir, name);
const project = (c: CaseDirs): string => join(c.dir, 'project');

/** Writes `content` as the case's plan file, and a Rust project folder (just its Cargo.toml) beside it. */
const writes = (name: string, content: string | Buffer) => (c: CaseDirs): void => {
  mkdirSync(project(c), { recursive: true });
  writeFileSync(join(project(c), 'Cargo.toml'), '[package]\nname = "p"\n'); // a Rust project: the engine opens no other
  writeFileSync(planFile(c, name), content);
};

const nothingRan = (c: CaseDirs): void => {
  expect(existsSync(join(project(c), 'pwned')), 'something the plan does not show ran').toBe(false);
  expect(existsSync(join(c.dir, 'pwned')), 'something the plan does not show ran').toBe(false);
};

/** A value of each parameter type, for defaults. */
const FINE_VALUE: Record<string, string> = { 'rust-version': '1.86', toolchain: 'stable', 'crate-version': '35', edition: '2021', path: 'src', text: 'x' };

/** A one-step YAML plan whose command is `command`, with `params` declared as `name: type`. */
function yamlPlan(command: string, params: Record<string, string> = {}): string {
  const declared = Object.entries(params).map(([name, type]) => `  - { name: ${name}, type: ${type}, default: "${FINE_VALUE[type]}" }`);
  return [
    'id: hostile',
    'title: Hostile',
    ...(declared.length ? ['parameters:', ...declared] : []),
    'phases:',
    '  - id: only',
    '    title: Only',
    '    steps:',
    '      - id: step',
    '        title: Step',
    '        kind: command',
    `        command: ${JSON.stringify(command)}`,
    '',
  ].join('\n');
}

const step = (command: string, body: (lines: string[]) => string[] = (l) => l): string =>
  body(['id: p', 'title: T', 'phases:', '  - id: a', '    title: A', '    steps:', `      - {id: s, title: S, kind: command, command: ${JSON.stringify(command)}}`]).join('\n') + '\n';

const refusedPlan = (name: string, file: string, content: string | Buffer, says: RegExp): BadInput => ({
  name,
  setup: writes(file, content),
  args: (c) => ['run', planFile(c, file), '--project', project(c), '--yes'],
  code: 2,
  says,
  check: nothingRan,
});

/** Aliases that double at every level: a few hundred bytes that would expand to billions of nodes. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i);
    const previous = String.fromCharCode(96 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

const PLAN_TEXT = /a plan may hold no control characters but tab and newline, and must be UTF-8/;

export const PLAN_CASES: BadInput[] = [
  refusedPlan('a YAML plan with a NUL byte in a command', 'nul.yaml', step('echo hi', (l) => [...l.slice(0, 6), '      - {id: s, title: S, kind: command, command: "echo hi\u0000; touch pwned"}']), /nul\.yaml:7:\d+: a NUL byte: .*/),
  refusedPlan('a YAML plan whose command writes a NUL as an escape', 'nul-escape.yaml', step('echo hi\u0000; touch pwned'), /nul-escape\.yaml:7:\d+: at phases\[0\]\.steps\[0\]\.command: character 8 is U\+0000 \(written as an escape\): a command is one line/),
  refusedPlan('a YAML plan with bytes that are not UTF-8', 'latin1.yaml', Buffer.concat([Buffer.from('id: p\ntitle: caf'), Buffer.from([0xe9]), Buffer.from('\nphases: []\n')]), /latin1\.yaml:2:11: bytes that are not UTF-8/),
  refusedPlan('a YAML plan with an escape sequence in a title', 'escape.yaml', step('echo', (l) => [...l.slice(0, 6), '      - {id: s, title: "S\u001b[31m", kind: command, command: echo}']), /escape\.yaml:7:\d+: a control character \(U\+001B\)/),
  refusedPlan('a YAML plan with a lone carriage return', 'cr.yaml', 'id: p\ntitle: T\rtouch pwned\nphases: []\n', PLAN_TEXT),
  refusedPlan('a YAML plan whose command has a second line, as an escape', 'cr-escape.yaml', step('echo one\rtouch pwned'), /cr-escape\.yaml:7:\d+: at phases\[0\]\.steps\[0\]\.command: character 9 is U\+000D \(written as an escape\)/),
  refusedPlan('a YAML plan whose title holds an escape character, as an escape', 'esc-escape.yaml', `id: p\ntitle: "T\\e[2J"\nphases: []\n`, /esc-escape\.yaml:2:\d+: at title: character 2 is U\+001B \(written as an escape\)/),
  refusedPlan('a binary file as a plan', 'binary.yaml', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), PLAN_TEXT),
  refusedPlan('malformed YAML', 'malformed.yaml', 'id: p\nphases: [\n', /malformed\.yaml:\d+:\d+: /),
  refusedPlan('a YAML plan that is a bare string', 'scalar.yaml', 'just words\n', /scalar\.yaml:1:1: Invalid input: expected object, received string/),
  refusedPlan('an empty YAML plan', 'empty.yaml', '', /empty\.yaml:1:1: Invalid input: expected object/),
  refusedPlan('a YAML plan with an unknown key', 'unknown.yaml', step('echo', (l) => [...l.slice(0, 2), 'bogus: 1', ...l.slice(2)]), /unknown\.yaml:1:1: Unrecognized key: "bogus"/),
  refusedPlan('a YAML plan with a step id used twice', 'twice.yaml', step('echo', (l) => [...l, '      - {id: s, title: S2, kind: command, command: echo}']), /twice\.yaml:8:\d+: at phases\[0\]\.steps\[1\]\.id: step id "s" is used twice/),
  refusedPlan('a YAML plan using an undeclared parameter', 'undeclared.yaml', step('echo ${nope}'), /undeclared\.yaml:7:\d+: at phases\[0\]\.steps\[0\]: unknown parameter \$\{nope\}/),
  refusedPlan('a YAML plan with a pattern that is no regular expression', 'regex.yaml', step('echo', (l) => [...l.slice(0, 6), '      - {id: s, title: S, kind: check, command: echo, expectOutput: ["(unclosed"]}']), /regex\.yaml:7:\d+: at phases\[0\]\.steps\[0\]\.expectOutput: not a regular expression/),
  refusedPlan('a YAML alias bomb', 'bomb.yaml', aliasBomb(), /bomb\.yaml.*(Excessive alias count|resource exhaustion)/),
  refusedPlan('YAML nested ten thousand levels deep', 'deep.yaml', `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, /deep\.yaml:\d+:\d+: the YAML nests too deeply to be read/),
  refusedPlan('a plan file over 5 MB', 'huge.yaml', `id: p\ntitle: ${'x'.repeat(6_000_000)}\n`, /huge\.yaml is 6\.0 MB: a plan file may be at most 5 MB/),
  {
    name: 'a folder given as the plan',
    setup: (c) => mkdirSync(planFile(c, 'folder.yaml'), { recursive: true }),
    args: (c) => ['run', planFile(c, 'folder.yaml'), '--project', c.dir, '--yes'],
    code: 2,
    says: /folder\.yaml is not a plan file/,
  },
  refusedPlan('a Markdown plan with a NUL byte in a code block', 'nul.md', '# Plan\n\n## Phase 1\n\n- [ ] Run it\n  ```bash\n  echo hi\u0000; touch pwned\n  ```\n', /nul\.md:7:\d+: a NUL byte/),
  refusedPlan('a Markdown plan with bytes that are not UTF-8', 'latin1.md', Buffer.concat([Buffer.from('# Plan '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]), /latin1\.md:1:8: bytes that are not UTF-8/),
  refusedPlan('a Markdown plan without tasks', 'words.md', 'Just some words about an upgrade.\n', /words\.md:1:1: no tasks found: a Markdown plan needs "- \[ \]" task items/),
  refusedPlan('an empty Markdown plan', 'empty.md', '', /empty\.md:1:1: no tasks found/),
  {
    name: 'a plan from a file, not reviewed (no --yes, no terminal)',
    setup: writes('fine.yaml', yamlPlan('touch pwned')),
    args: (c) => ['run', planFile(c, 'fine.yaml'), '--project', project(c)],
    code: 2,
    says: /this plan comes from a file and is not trusted yet: review the commands above, then run again with --yes/,
    check: nothingRan,
  },
  {
    name: 'plan import of a Markdown plan with a NUL byte',
    setup: writes('import.md', '# Plan\n\n- [ ] Step\n  `echo \u0000`\n'),
    args: (c) => ['plan', 'import', planFile(c, 'import.md')],
    code: 1,
    says: /import\.md:4:\d+: a NUL byte/,
  },
];

/** The built-in plan's `backup-branch` step, with `to_rust` (a Rust version) set to each attempt. */
const RUST_VERSION_ATTACKS = ['1.86;touch${IFS}pwned;#', '1.86 && touch pwned', '$(touch pwned)', '`touch pwned`', '1.86\ntouch pwned', "1.86' ; touch pwned ; '"];
/** Values for a `text` parameter: accepted, and echoed back literally. */
const TEXT_ATTACKS = ['1; touch pwned', '$(touch pwned)', '`touch pwned`', "'; touch pwned; '", '"; touch pwned; "', '!! && touch pwned', '$IFS$(touch${IFS}pwned)', '\\"; touch pwned; #'];

const injectedTyped = (name: string, type: string, value: string, says: RegExp): BadInput => ({
  name,
  setup: writes('typed.yaml', yamlPlan(`echo checked \${p}`, { p: type })),
  args: (c) => ['run', planFile(c, 'typed.yaml'), '--project', project(c), '--yes', '--param', `p=${value}`],
  code: 2,
  says,
  check: nothingRan,
});

export const PARAM_CASES: BadInput[] = [
  ...RUST_VERSION_ATTACKS.map(
    (value): BadInput => ({
      name: `the built-in plan's to_rust set to ${JSON.stringify(value)}`,
      setup: (c) => mkdirSync(project(c), { recursive: true }),
      args: (c) => ['run', 'rust-wasmtime-upgrade', '--project', project(c), '--steps', 'backup-branch', '--param', `to_rust=${value}`],
      code: 2,
      says: /--param to_rust: .* is not a rustup toolchain name \(expected e\.g\. stable, 1\.86\.0/,
      check: nothingRan,
    }),
  ),
  injectedTyped('a toolchain parameter with a command in it', 'toolchain', 'stable;touch pwned', /--param p: .* is not a rustup toolchain name \(expected e\.g\. stable/),
  injectedTyped('a crate-version parameter with a command substitution', 'crate-version', '35$(touch pwned)', /--param p: .* is not a crate version \(expected e\.g\. 35/),
  injectedTyped('an edition parameter with a command in it', 'edition', '2021 && touch pwned', /--param p: .* is not a Rust edition \(expected 2015, 2018, 2021, 2024\)/),
  injectedTyped('a path parameter with a newline in it', 'path', 'src\ntouch pwned', /--param p: .* is not a path \(expected one line, without control characters; character 4 is U\+000A\)/),
  injectedTyped('a text parameter with a control character', 'text', 'one\u0001two', /--param p: .* is not text \(expected one line, without control characters; character 4 is U\+0001\)/),
  ...TEXT_ATTACKS.map(
    (value): BadInput => ({
      name: `a text parameter set to ${JSON.stringify(value)} runs as plain text`,
      setup: writes('text.yaml', yamlPlan('echo "got: ${p}" && echo \'also: \'${p}', { p: 'text' })),
      args: (c) => ['run', planFile(c, 'text.yaml'), '--project', project(c), '--yes', '--param', `p=${value}`],
      code: 0,
      says: /1 passed\./,
      check: (c, result) => {
        nothingRan(c);
        expect(result.stdout).toContain(`got: ${value}`);
        expect(result.stdout).toContain(`also: ${value}`);
      },
    }),
  ),
];
