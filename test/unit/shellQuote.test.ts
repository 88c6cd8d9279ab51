// The one shell quoter: plain words stay readable, anything else comes back
// from a real bash exactly as it was, `!` included.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byteQuotedWord, quotedWord, shellWord } from '../../src/core/terminals/shellQuote';
import { seededRandom } from '../helpers/random';

const NASTY = ["'", '"', '$', '`', '!', '\\', ' ', ';', '|', '&', '<', '>', '(', ')', '{', '}', '*', '?', '[', ']', '~', '#', '=', '%', 'é', '😀', '$(touch X)', '!!', 'a', '-', ','];

describe('shellWord', () => {
  it('leaves plain words bare and quotes the rest, `!` outside the quotes', () => {
    expect(shellWord('photondrift:latest')).toBe('photondrift:latest');
    expect(shellWord('/a/b-c.d')).toBe('/a/b-c.d');
    expect(shellWord('a=b')).toBe("'a=b'"); // an assignment as a first word
    expect(shellWord('%1')).toBe("'%1'"); // a job as a first word
    expect(shellWord('')).toBe("''");
    expect(shellWord("it's!")).toBe("'it'\\''s'\\!");
    expect(shellWord('~/src/x y', { tilde: true })).toBe("~/'src/x y'");
    expect(quotedWord('plain')).toBe("'plain'");
    expect(byteQuotedWord('a "b"')).toBe("$'a \\x22b\\x22'");
  });

  it('every form reads back from bash as the text it was given', () => {
    const random = seededRandom(42);
    const values = Array.from({ length: 150 }, () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => NASTY[Math.floor(random() * NASTY.length)]).join(''));
    const cwd = mkdtempSync(join(tmpdir(), 'stepwise-quote-'));
    try {
      for (const quote of [shellWord, quotedWord, byteQuotedWord]) {
        const script = values.map((v) => `printf '%s\\0' ${quote(v)}`).join('\n');
        const out = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd });
        expect(out.stdout.split('\0').slice(0, -1), `${quote.name}\n${out.stderr}`).toEqual(values);
      }
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
