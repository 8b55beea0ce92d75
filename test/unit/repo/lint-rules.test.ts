import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { ROOT } from '../../helpers/spawned-board.js';

/** The rule `name` as the project's config sets it for a file at `path`. */
async function ruleFor(path: string, name: string): Promise<Linter.RuleEntry | undefined> {
  const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(path)) as Linter.Config;
  return config.rules?.[name];
}

/** Lint `code` as if it were the file at `path`, with only the project's rule `name` for that path (nothing where it does not apply). */
async function problemsWith(name: string, path: string, code: string): Promise<string[]> {
  const rule = await ruleFor(path, name);
  if (!rule) return [];
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { [name]: rule } }], path);
  return messages.map((m) => m.message);
}

const importProblems = (path: string, code: string): Promise<string[]> => problemsWith('no-restricted-imports', path, code);
const lengthProblems = (path: string, code: string): Promise<string[]> => problemsWith('max-lines-per-function', path, code);

test('lint refuses a wire library or a transport in the core, and allows them where wires belong', async () => {
  for (const folder of ['session', 'rules', 'flows', 'screens', 'store']) {
    const at = `src/${folder}/probe.ts`;
    for (const bad of ["import { connect } from 'node:net';", "import { createServer } from 'http';", "import ssh2 from 'ssh2';", "import { WebSocket } from 'ws';", "import type { Gateway } from '../nodes/gateway.js';", "import { startTelnet } from '../transports/telnet/telnet-transport.js';"]) {
      const problems = await importProblems(at, bad);
      assert.equal(problems.length, 1, `${at}: ${bad} is refused`);
      assert.match(problems[0]!, /never touch a wire|do not reach up/);
    }
    assert.deepEqual(await importProblems(at, "import { readFile } from 'node:fs/promises';\nimport { neutralize } from '../screens/neutralize.js';"), []);
  }
  const up = await importProblems('src/rules/probe.ts', "import { login } from '../flows/login.js';");
  assert.equal(up.length, 1, 'rules/ does not lean on the conversation');
  assert.match(up[0]!, /policy the conversation uses/);
  assert.deepEqual(await importProblems('src/flows/probe.ts', "import { holdBack } from '../rules/hold-back.js';"), [], 'flows use rules');
  assert.deepEqual(await importProblems('src/transports/telnet/probe.ts', "import { connect } from 'node:net';"), [], 'transports may');
  assert.deepEqual(await importProblems('src/main.ts', "import { Gateway } from './nodes/gateway.js';"), [], 'the wiring may');
});

/** A function whose body is `statements` lines, with a blank line and a comment after each to show those do not count. */
function generatedFunction(statements: number): string {
  const body = Array.from({ length: statements }, (_, i) => `  const v${i} = ${i};\n\n  // why v${i}\n`).join('');
  return `export function long(): number {\n${body}  return 0;\n}\n`;
}

test('lint refuses a function over 60 lines in src/, counting neither blank lines nor comments', async () => {
  // 57 statements + the signature, the return and the closing brace: 60 lines, the most allowed.
  assert.deepEqual(await lengthProblems('src/flows/probe.ts', generatedFunction(57)), []);
  const problems = await lengthProblems('src/flows/probe.ts', generatedFunction(58));
  assert.equal(problems.length, 1, 'one line more is refused');
  assert.match(problems[0]!, /too many lines \(61\)\. Maximum allowed is 60/);
  assert.equal((await lengthProblems('src/transports/http/probe.ts', generatedFunction(200))).length, 1, 'every folder under src/');
});
