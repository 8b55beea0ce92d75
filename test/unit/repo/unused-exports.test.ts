import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findUnusedExports } from '../../../scripts/unused-exports.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/unused-exports.ts');

/** A small project on disk: every way of importing the check knows, and two exports nobody imports. */
function plantFixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'bbs-unused-'));
  const files: Record<string, string> = {
    'src/lib.ts': [
      'export const used = 1;',
      'export const planted = 2;',
      'export interface Shape { size: number }',
      'export type PlantedType = { size: number };',
      'export function viaDefaultFree(): number { return used; }',
    ].join('\n'),
    'src/deep/leaf.ts': 'export const throughStar = 3;\nexport const throughNamed = 4;\nexport const throughDynamic = 5;\n',
    'src/deep/index.ts': "export * from './leaf.js';\nexport { throughNamed as renamed } from './leaf.js';\n",
    'src/cli/run.ts': "import { throughStar } from '../deep/index.js';\nexport const entryOnly = throughStar;\n",
    'src/user.ts': [
      "import { used, type Shape } from './lib.js';",
      "import { renamed } from './deep/index.js';",
      "export const total = async (s: Shape): Promise<number> => used + renamed + s.size + (await import('./deep/leaf.js')).throughDynamic;",
    ].join('\n'),
    'test/user.test.ts': "import { total } from '../src/user.js';\nimport { viaDefaultFree } from '../src/lib.js';\nvoid total; void viaDefaultFree;\n",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

void test('the planted unused exports are reported, each with its line, and nothing else', () => {
  const root = plantFixture();
  try {
    assert.deepEqual(findUnusedExports(root), [
      { file: 'src/lib.ts', name: 'planted', line: 2 },
      { file: 'src/lib.ts', name: 'PlantedType', line: 4 },
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

function runScript(root?: string): { status: number | null; stderr: string } {
  const args = ['--import', 'tsx', SCRIPT, ...(root ? [root] : [])];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: child.status, stderr: child.stderr };
}

void test('the lint step fails on the fixture and names what to remove', () => {
  const root = plantFixture();
  try {
    const { status, stderr } = runScript(root);
    assert.equal(status, 1);
    assert.match(stderr, /^src\/lib\.ts:2: planted is exported but nothing imports it$/m);
    assert.match(stderr, /^src\/lib\.ts:4: PlantedType is exported but nothing imports it$/m);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

void test('the board itself has no unused export', () => {
  const { status, stderr } = runScript();
  assert.equal(stderr, '');
  assert.equal(status, 0);
});
