import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const WIRES = ['child_process', 'node:child_process', '@lydell/node-pty', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'http2', 'node:http2', 'tls', 'node:tls', 'dgram', 'node:dgram', 'ssh2', 'ws'];

/** What the core folders may not import, plus `extra` patterns for one folder. */
function coreImports(extra) {
  return [
    'error',
    {
      paths: WIRES.map((name) => ({ name, message: 'session/, rules/, flows/, screens/ and store/ never touch a wire: a transport turns it into events.' })),
      patterns: [
        { group: ['**/transports/**', '**/nodes/**', '**/doors/**', '**/cli/**', '**/main.js'], message: 'session/, rules/, flows/, screens/ and store/ do not reach up into transports, nodes, doors, the CLI or the wiring.' },
        ...extra,
      ],
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/**', 'art/**', 'coverage/**', 'test-artifacts/**', 'eslint.config.js', 'bin/**', 'clients/**', 'test/fixtures/**/*.mjs', 'test/helpers/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe() promises are awaited by the runner itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // A function that needs more than a screenful does more than one thing: name the parts instead.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The core never touches a wire or a process: only transports/, nodes/, cli/ and main.ts do.
    files: ['src/session/**/*.ts', 'src/flows/**/*.ts', 'src/screens/**/*.ts', 'src/store/**/*.ts'],
    rules: { 'no-restricted-imports': coreImports([]) },
  },
  {
    // The board's rules sit under the conversation: cli/, nodes/ and transports/ use them without it.
    files: ['src/rules/**/*.ts'],
    rules: { 'no-restricted-imports': coreImports([{ group: ['**/flows/**'], message: 'rules/ is policy the conversation uses, never the other way round: move what both need into rules/.' }]) },
  },
);
