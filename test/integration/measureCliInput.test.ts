// `stepwise measure` given bad input: each refusal is one line naming the bad
// value, exit 2, and happens before the engine opens, so the data directory
// (its journal, a project or session row) is never made. No cargo runs here.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltCli } from '../helpers/builtCli';

let work: string;
let cli: BuiltCli;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'stepwise-measure-input-'));
  mkdirSync(join(work, 'no session yet'));
  writeFileSync(join(work, 'a file'), 'not a folder\n');
  cli = BuiltCli.build({ NO_COLOR: '1' });
});

afterAll(async () => {
  await cli?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('stepwise measure, bad input', () => {
  it('refuses before opening the journal: exit 2, one line naming the bad value, no data directory made', async () => {
    const project = join(work, 'no session yet');
    const cases: [string[], RegExp][] = [
      [['--project', join(work, 'a file')], /^stepwise: --project: Not a folder: .*a file\n$/],
      [['--project', join(work, 'nowhere')], /^stepwise: --project: No such folder: .*nowhere\n$/],
      [['--project', project, '--runtime', 'true', '--runtime-regex', '('], /^stepwise: --runtime-regex "\(": not a valid regular expression\n$/],
      [['--project', project, '--image', 'bad image!'], /^stepwise: --image "bad image!": an image name such as photondrift:latest\n$/],
      [['--project', project, '--label', 'x'.repeat(101)], /^stepwise: --label "x{101}": .*100 characters\n$/],
      [['--project', project, '--runs=-1'], /^stepwise: --runs must be a whole number from 1 to 20, not "-1"\n$/],
      [['--project', project, '--runs', 'abc'], /^stepwise: --runs must be a whole number from 1 to 20, not "abc"\n$/],
      [['--project', project, '--runs', '0x3'], /^stepwise: --runs must be a whole number from 1 to 20, not "0x3"\n$/],
      [['--project', project, '--runs', '1e1'], /^stepwise: --runs must be a whole number from 1 to 20, not "1e1"\n$/],
      [['--project', project, '--what', 'tests,speed'], /^stepwise: --what: no part "speed"/],
      [['--project', project, '--kind', 'nonsense'], /^stepwise: --kind must be baseline, after, adhoc, not "nonsense"\n$/],
    ];
    for (const [args, message] of cases) {
      const home = join(work, `data-${cases.findIndex((c) => c[0] === args)}`);
      const result = await cli.run(['measure', ...args], { STEPWISE_HOME: home });
      expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(existsSync(home), `${args.join(' ')} made ${home}`).toBe(false);
    }
  });
});
