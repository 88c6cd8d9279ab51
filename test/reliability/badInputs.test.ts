// The bad-input corpus (test/reliability/badInputs/), run through the real
// built CLI: every case gets its clear error and exit code, no stack trace,
// and loses nothing.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/shared/ansi';
import { BuiltCli } from '../helpers/builtCli';
import { otherUser } from '../helpers/processes';
import { shellHomeEnv } from '../helpers/shellHome';
import { CLI_OPTION_CASES } from './badInputs/cliOptions';
import { caseDirs, type BadInput } from './badInputs/corpus';
import { FOLDER_CASES } from './badInputs/folders';
import { JOURNAL_CASES } from './badInputs/journals';
import { PARAM_CASES, PLAN_CASES } from './badInputs/plans';

const CORPUS: [group: string, cases: BadInput[]][] = [
  ['wrong command lines', CLI_OPTION_CASES],
  ['project folders', FOLDER_CASES],
  ['journals and data folders', JOURNAL_CASES],
  ['plans', PLAN_CASES],
  ['injection attempts in parameters', PARAM_CASES],
];

let cli: BuiltCli;
beforeAll(() => {
  cli = BuiltCli.build({ ...shellHomeEnv(), NO_COLOR: '1' });
});
afterAll(() => cli.remove());

it('holds at least 100 bad inputs, each named once', () => {
  const names = CORPUS.flatMap(([, cases]) => cases.map((c) => c.name));
  expect(new Set(names).size).toBe(names.length);
  expect(names.length).toBeGreaterThanOrEqual(100);
  console.log(`bad-input corpus: ${names.length} cases in ${CORPUS.length} groups`);
});

for (const [group, cases] of CORPUS) {
  describe(group, () => {
    for (const bad of cases) {
      it(bad.name, async () => {
        const dirs = caseDirs();
        try {
          bad.setup?.(dirs);
          const result = await cli.run(bad.args(dirs), { STEPWISE_HOME: dirs.home, ...bad.env?.(dirs) }, {
            input: bad.input,
            user: bad.asOtherUser ? (otherUser() ?? undefined) : undefined,
          });
          const said = stripAnsi(`${result.stderr}\n${result.stdout}`);
          expect(said, `exit ${result.code}`).toMatch(bad.says);
          expect(result.code, said).toBe(bad.code);
          // A clear error is a sentence, never a stack trace.
          expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
          bad.check?.(dirs, result);
        } finally {
          rmSync(dirs.dir, { recursive: true, force: true });
        }
      });
    }
  });
}
