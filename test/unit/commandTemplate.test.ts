// Plan values reach bash as one literal piece of text, whatever they hold and
// wherever the command template puts them: random values substituted into a
// template for every lexical context, run by a real bash (`bash -c`, and the
// interactive bash of a real pty, with history expansion on, the way the
// engine types a step), must print exactly the value and create no file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRefs, fillCommand } from '../../src/core/plans/commandTemplate';
import { TerminalSession, type CommandEndEvent } from '../../src/core/terminals/terminalSession';
import { PARAM_TYPE_RULES, PARAM_TYPES } from '../../src/shared/planParams';
import { seededRandom } from '../helpers/random';

const integrationDir = path.resolve(__dirname, '../../resources/shell-integration');

/** What a random value is made of: every character bash reads specially, payloads, unicode. */
const PIECES = [
  "'", '"', '$', '`', '!', '\\', ' ', ';', '|', '&', '<', '>', '(', ')', '{', '}', '*', '?', '[', ']', '~', '#',
  '=', '%', ',', ':', '@', '+', '^', '-', '.', '/', 'a', 'Z', '0', '9', '_', 'é', 'ß', '漢', '😀', '\u00a0',
  '$(touch X)', '`touch X`', ';touch X;', '>X', '&& touch X', '| tee X', '$IFS', '${IFS}', "$'\\x41'", '!!', '!-1', '!$', '!#',
  "'\\''", '\\n', '-n', '-e', '--', '$((1+1))', '*.md', '{a,b}', '~root', 'a=b', '%1', '@(x)', '<(touch X)', '\\',
];

function randomValue(random: () => number): string {
  const count = 1 + Math.floor(random() * 8);
  let value = '';
  for (let i = 0; i < count; i++) value += PIECES[Math.floor(random() * PIECES.length)]!;
  // Leading `-` and `!` are cases of their own.
  if (random() < 0.15) value = `-${value}`;
  if (random() < 0.1) value = `!${value}`;
  return value;
}

/** A command that prints `expected(v)`, for each lexical context. */
interface Case {
  name: string;
  template: string;
  expected(value: string): string;
}

/** Printed after each case (values hold no newline): where one case's output ends. */
const END = "; printf '\\n--8<--\\n'";
const CASES: Case[] = [
  { name: 'a word', template: "printf '%s' ${v}", expected: (v) => v },
  { name: 'part of a word', template: "printf '%s' pre-${v}-post", expected: (v) => `pre-${v}-post` },
  { name: "'...'", template: "printf '%s' 'pre ${v} post'", expected: (v) => `pre ${v} post` },
  { name: '"..."', template: 'printf \'%s\' "pre ${v} post"', expected: (v) => `pre ${v} post` },
  { name: "$'...'", template: "printf '%s' $'pre\\t${v}\\'post'", expected: (v) => `pre\t${v}'post` },
  { name: '"$(...)"', template: 'printf \'%s\' "$(printf \'%s\' ${v})"', expected: (v) => v },
  { name: '"$(... "...")"', template: 'printf \'%s\' "$(printf \'%s\' "a ${v} b")"', expected: (v) => `a ${v} b` },
  { name: "\"$(... '...')\"", template: 'printf \'%s\' "$(printf \'%s\' \'a ${v} b\')"', expected: (v) => `a ${v} b` },
  { name: '"`...`"', template: "printf '%s' \"`printf '%s' ${v}`\"", expected: (v) => v },
  { name: '"`... "..."`"', template: "printf '%s' \"`printf '%s' \"a ${v} b\"`\"", expected: (v) => `a ${v} b` },
  { name: '`...` unquoted', template: "printf '%s' `printf %s x`${v}", expected: (v) => `x${v}` },
  { name: 'nested backticks', template: "printf '%s' \"`printf '%s' \\\"\\`printf '%s' ${v}\\`\\\"`\"", expected: (v) => v },
  { name: '<(...)', template: "cat <(printf '%s' ${v})", expected: (v) => v },
  { name: '( ... ) and { ...; }', template: "( { printf '%s' ${v}; } )", expected: (v) => v },
  { name: 'after && and a shell variable', template: "true && printf '%s' \"$${HOME:+}\"${v}\"x\"", expected: (v) => `${v}x` },
  { name: "$'...' inside $(...)", template: "printf '%s' \"$(printf '%s' $'${v}')\"", expected: (v) => v },
  { name: 'twice, in two contexts', template: "printf '%s' ${v}\"|${v}\"", expected: (v) => `${v}|${v}` },
];

let work: string;
beforeAll(() => {
  work = realpathSync(mkdtempSync(path.join(tmpdir(), 'stepwise-quoting-')));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function leftBehind(): string[] {
  return readdirSync(work).filter((name) => !name.startsWith('home-'));
}

describe('command templates: every value stays one literal word', () => {
  it('the cases read their places as intended (no problem reported)', () => {
    for (const c of CASES) expect(commandRefs(c.template).filter((r) => r.problem !== null), c.name).toEqual([]);
  });

  // zsh too: a terminal runs the user's login shell when it is zsh (core/terminals/shellChoice.ts).
  it.each(['bash', 'zsh'])('with %s -c', { timeout: 120_000 }, (shell) => {
    const random = seededRandom(0x5eed);
    for (let n = 0; n < 80; n++) {
      const value = randomValue(random);
      const lines = CASES.map((c) => fillCommand(c.template, { v: value }));
      const result = spawnSync(shell, ['-c', script(lines)], { cwd: work, encoding: 'utf8' });
      expectPrinted(result.stdout, value, lines, result.stderr);
      expect(leftBehind(), `value ${JSON.stringify(value)}`).toEqual([]);
    }
  });

  it.each([
    { name: 'bash', file: '/bin/bash', historyExpansion: '[[ $- == *H* ]]' },
    { name: 'zsh', file: '/usr/bin/zsh', historyExpansion: '[[ -o banghist ]]' },
  ])('typed into an interactive $name in a pty, with history expansion on', { timeout: 120_000 }, async ({ name, file, historyExpansion }) => {
    const home = path.join(work, `home-${name}`);
    mkdirSync(home);
    const shell = new TerminalSession({ cwd: work, cols: 200, rows: 50, integrationDir, env: { HOME: home, SHELL: file, HISTFILE: path.join(home, '.history') } });
    try {
      await new Promise<void>((resolve) => shell.on('ready', () => resolve()));
      const run = async (line: string): Promise<CommandEndEvent> => {
        let off = (): void => {};
        const end = new Promise<CommandEndEvent>((resolve, reject) => {
          // A line whose quoting broke waits at bash's continuation prompt: fail with the line, not a timeout.
          const timer = setTimeout(() => reject(new Error(`the shell did not finish (unclosed quote?): ${line}`)), 20_000);
          off = shell.on('commandEnd', (event) => {
            clearTimeout(timer);
            resolve(event);
          });
        });
        await shell.runCommand(line);
        return end.finally(off);
      };
      expect((await run(`${historyExpansion} && echo history-expansion-on`)).output).toContain('history-expansion-on');
      const random = seededRandom(0xbad5eed);
      for (let n = 0; n < 30; n++) {
        const value = randomValue(random);
        // One typed line, as the engine types a step: history expansion sees all of it at once.
        const lines = CASES.map((c) => fillCommand(c.template, { v: value }));
        const end = await run(script(lines, '; '));
        expectPrinted(end.output, value, lines, '');
      }
      expect(leftBehind()).toEqual([]);
    } finally {
      await shell.dispose();
    }
  });
});

/** Every case's command, each output followed by the END line: few processes, on a busy machine. */
function script(lines: string[], separator = '\n'): string {
  return lines.map((line) => `{ ${line}; }${END}`).join(separator);
}

function expectPrinted(output: string, value: string, lines: string[], stderr: string): void {
  const printed = output.replace(/\r\n/g, '\n').split('\n--8<--\n');
  CASES.forEach((c, i) => {
    expect(printed[i], `${c.name}, value ${JSON.stringify(value)}: ${lines[i]}\n${stderr}`).toBe(c.expected(value));
  });
}

describe('command templates: places a value cannot go', () => {
  const problem = (template: string): string | null => commandRefs(template)[0]!.problem;

  it('refuses a reference after a backslash, in a comment, or in $((...)) and ${...} unless raw', () => {
    expect(problem('echo \\${v}')).toMatch(/follows a backslash/);
    expect(problem('echo "\\${v}"')).toMatch(/follows a backslash/);
    expect(problem('echo hi # ${v}')).toBe('is inside a # comment');
    expect(problem('echo $((${v} + 1))')).toMatch(/inside \$\(\(\.\.\.\)\).*\$\{v:raw\}/);
    expect(problem('echo $${HOME:-${v}}')).toMatch(/inside \$\{\.\.\.\}/);
    expect(problem('echo $((${v:raw} + 1))')).toBeNull();
    expect(problem('echo a#${v}')).toBeNull();
  });

  it('refuses a reference it cannot place: unclosed quotes, case inside $(...), quotes inside ${...}', () => {
    expect(problem("echo '${v}")).toMatch(/never closed/);
    expect(problem('echo "$(echo ${v}")')).toMatch(/never closed/);
    expect(problem('echo "$(case x in x) echo ;; esac)" ${v}')).toMatch(/case/);
    expect(problem("echo $${x:-'}'} ${v}")).toMatch(/\$\{\.\.\.\}/);
  });

  it('fillCommand throws for such a place, and keeps $${name} literal', () => {
    expect(() => fillCommand('echo \\${v}', { v: 'x' })).toThrow(/follows a backslash/);
    expect(fillCommand('echo $${v} ${v}', { v: 'a b' })).toBe("echo ${v} 'a b'");
  });

  it('writes plain values bare, so commands stay readable', () => {
    expect(fillCommand('git branch backup/before-rust-${to} && echo "Rust ${to}"', { to: '1.86' })).toBe('git branch backup/before-rust-1.86 && echo "Rust 1.86"');
    expect(fillCommand("echo 'a ${v} b' \"c ${v} d\"", { v: "it's" })).toBe("echo 'a ''it'\\''s'' b' \"c \"'it'\\''s'\" d\"");
    expect(fillCommand('echo "`echo ${v}`"', { v: 'a"b' })).toBe("echo \"`echo \\$'a\\\\x22b'`\"");
  });

  it('a raw value goes in as it is', () => {
    expect(fillCommand('echo $((${major:raw} + 1))', { major: '35' })).toBe('echo $((35 + 1))');
  });
});

describe('raw places', () => {
  it('every value a raw-able type accepts is plain, so raw never needs quoting', () => {
    const random = seededRandom(7);
    const pick = (chars: string): string => chars[Math.floor(random() * chars.length)]!;
    // Near-valid values (digits, dots, dashes, letters) with one other printable character put in somewhere.
    const wide = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') + 'é😀\u00a0';
    let accepted = 0;
    for (const type of PARAM_TYPES.filter((t) => PARAM_TYPE_RULES[t].raw)) {
      for (let n = 0; n < 20_000; n++) {
        let value = Array.from({ length: 1 + Math.floor(random() * 10) }, () => pick('0123456789..--abZ_')).join('');
        const at = Math.floor(random() * (value.length + 1));
        if (random() < 0.5) value = value.slice(0, at) + pick(wide) + value.slice(at);
        if (!PARAM_TYPE_RULES[type].test(value)) continue;
        accepted++;
        expect(value, type).toMatch(/^[A-Za-z0-9._-]+$/);
      }
    }
    expect(accepted).toBeGreaterThan(1000);
  });
});
