import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { DEFAULT_AREAS } from '../../../src/config/settings.js';

async function withConfig(yaml: string): Promise<ReturnType<typeof loadConfig>> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-areas-'));
  await writeFile(join(data, 'bbs.yaml'), yaml);
  return loadConfig({ flags: { data } });
}

test('areas: the defaults, or the sysop list from the config file with titles and levels filled in', async () => {
  assert.deepEqual((await loadConfig({ flags: { data: '/tmp/x' } })).areas, DEFAULT_AREAS);
  const c = await withConfig('areas:\n  - name: lobby\n  - name: vip\n    title: Velvet rope\n    read: member\n');
  assert.deepEqual(c.areas, [
    { name: 'lobby', title: 'lobby', description: '', read: 'new', post: 'new' },
    { name: 'vip', title: 'Velvet rope', description: '', read: 'member', post: 'member' },
  ]);
});

test('areas: every mistake is named with the setting, the area and the field', async () => {
  const cases: Array<[string, RegExp]> = [
    ['areas: general\n', /setting areas .*expected a list of areas/],
    ['areas: []\n', /setting areas .*the list is empty/],
    ['areas:\n  - name: General\n', /area 1: name must be 1-20 lower-case/],
    ['areas:\n  - name: a\n  - name: a\n', /area 2 \(a\): the name is used twice/],
    ['areas:\n  - name: a\n    read: admin\n', /area 1 \(a\): read must be one of new, member, sysop/],
    ['areas:\n  - name: a\n    read: sysop\n    post: new\n', /area 1 \(a\): post \(new\) is below read \(sysop\)/],
    ['areas:\n  - name: a\n    colour: red\n', /area 1: unknown field 'colour'/],
    ['areas:\n  - name: a\n    title: "bad\\u001b[31m"\n', /area 1 \(a\): title: control characters/],
    [`areas:\n  - name: a\n    description: ${'x'.repeat(201)}\n`, /description: longer than 200/],
  ];
  for (const [yaml, message] of cases) {
    await assert.rejects(withConfig(yaml), (err: Error) => err instanceof ConfigError && /bbs\.yaml: areas/.test(err.message) && message.test(err.message), yaml);
  }
});
