import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cliError';
import { commaList, parseCommandArgs, wholeNumber } from '../../src/cli/params';

describe('wholeNumber', () => {
  it('takes digits within the range', () => {
    expect(wholeNumber('3', '--runs', 1, 20)).toBe(3);
    expect(wholeNumber('0', '--port', 0, 65535)).toBe(0);
    expect(wholeNumber('12345678', '--session')).toBe(12345678);
  });

  it.each(['0x3', '1e1', ' 3 ', '3.0', '-1', '', 'abc', '+3'])('refuses "%s", naming the option and the text', (text) => {
    expect(() => wholeNumber(text, '--runs', 1, 20)).toThrow(new CliError(`--runs must be a whole number from 1 to 20, not "${text}"`));
  });

  it('says the range it wanted', () => {
    expect(() => wholeNumber('0', '--session')).toThrow('--session must be a positive whole number, not "0"');
    expect(() => wholeNumber('65536', '--port', 0, 65535)).toThrow('--port must be a whole number from 0 to 65535, not "65536"');
    expect(() => wholeNumber('1', '--depth', 2)).toThrow('--depth must be a whole number of at least 2, not "1"');
    expect(() => wholeNumber('99999999999999999999', '--session')).toThrow(CliError);
  });
});

describe('commaList and parseCommandArgs', () => {
  it('splits a comma list, trimmed, and refuses an empty name, naming the option', () => {
    expect(commaList('a, b ,c', '--accept')).toEqual(['a', 'b', 'c']);
    expect(() => commaList('a,,b', '--reject')).toThrow(new CliError('--reject has an empty name in "a,,b"'));
  });

  it('parses strictly and tells a bad option with the usage', () => {
    const options = { edition: { type: 'string' }, json: { type: 'boolean', default: false } } as const;
    expect(parseCommandArgs({ args: ['--edition', '2024'], options, strict: true }, 'Usage: x').values).toEqual({ edition: '2024', json: false });
    expect(() => parseCommandArgs({ args: ['--editon', '2024'], options, strict: true }, 'Usage: x')).toThrow(/Unknown option '--editon'[\s\S]*\n\nUsage: x$/);
  });
});
