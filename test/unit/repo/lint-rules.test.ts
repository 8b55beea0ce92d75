import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { ROOT } from '../../helpers/spawned-board.js';

/** The rule as the project's config sets it for a file at `path`. */
async function importRuleFor(path: string): Promise<Linter.RuleEntry | undefined> {
  const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(path)) as Linter.Config;
  return config.rules?.['no-restricted-imports'];
}

/** Lint `code` as if it were the file at `path`, with only the project's import rule for that path. */
async function importProblems(path: string, code: string): Promise<string[]> {
  const rule = await importRuleFor(path);
  if (!rule) return [];
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { 'no-restricted-imports': rule } }], path);
  return messages.map((m) => m.message);
}

test('lint refuses a wire library or a transport in the core, and allows them where wires belong', async () => {
  for (const folder of ['session', 'flows', 'screens', 'store']) {
    const at = `src/${folder}/probe.ts`;
    for (const bad of ["import { connect } from 'node:net';", "import { createServer } from 'http';", "import ssh2 from 'ssh2';", "import { WebSocket } from 'ws';", "import type { Gateway } from '../nodes/gateway.js';", "import { startTelnet } from '../transports/telnet/telnet-transport.js';"]) {
      const problems = await importProblems(at, bad);
      assert.equal(problems.length, 1, `${at}: ${bad} is refused`);
      assert.match(problems[0]!, /never touch a wire|do not reach up/);
    }
    assert.deepEqual(await importProblems(at, "import { readFile } from 'node:fs/promises';\nimport { neutralize } from '../screens/neutralize.js';"), []);
  }
  assert.deepEqual(await importProblems('src/transports/telnet/probe.ts', "import { connect } from 'node:net';"), [], 'transports may');
  assert.deepEqual(await importProblems('src/main.ts', "import { Gateway } from './nodes/gateway.js';"), [], 'the wiring may');
});
