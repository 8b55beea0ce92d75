import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/config.js';

async function withConfig(yaml: string): Promise<ReturnType<typeof loadConfig>> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-files-config-'));
  try {
    await writeFile(join(data, 'bbs.yaml'), yaml);
    return await loadConfig({ flags: { data } });
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}

void test('files: one general area by default; a listed area with every default filled in and sizes with units', async () => {
  const fresh = await loadConfig({ flags: { data: '/tmp/none' } });
  assert.deepEqual(fresh.files.map((a) => [a.name, a.upload, a.maxUpload, a.quotaPerUser, a.quotaPerArea]), [['general', 'member', 100 * 1024 ** 2, 500 * 1024 ** 2, 10 * 1024 ** 3]]);
  const c = await withConfig('files:\n  - name: warez-free\n    title: Utilities\n    folder: /srv/utils\n    download: member\n    upload: sysop\n    max_upload: 1.5M\n    quota_per_user: 2048\n    quota_per_area: 2 GiB\n');
  assert.deepEqual(c.files, [
    { name: 'warez-free', title: 'Utilities', description: '', folder: '/srv/utils', list: 'new', download: 'member', upload: 'sysop', maxUpload: 1572864, quotaPerUser: 2048, quotaPerArea: 2 * 1024 ** 3 },
  ]);
  assert.deepEqual((await withConfig('files: []\n')).files, [], 'an empty list turns file areas off');
});

void test('files: a mistake is refused at start with the area and the field named', async () => {
  const cases: Array<[string, RegExp]> = [
    ['files:\n  - name: Bad Name\n', /name must be 1-20 lower-case/],
    ['files:\n  - name: a\n  - name: a\n', /used twice/],
    ['files:\n  - name: a\n    max_upload: lots\n', /a\) max_upload must be a size/],
    ['files:\n  - name: a\n    quota_per_user: -5\n', /quota_per_user must be a size/],
    ['files:\n  - name: a\n    folder: relative/path\n', /absolute path/],
    ['files:\n  - name: a\n    folder: /x\n  - name: b\n    folder: /x\n', /used by another area/],
    ['files:\n  - name: a\n    upload: admin\n', /upload must be one of new, member, sysop/],
    ['files:\n  - name: a\n    colour: red\n', /unknown field 'colour'/],
    ['files:\n  - name: a\n    title: "bell\\a"\n', /control characters/],
    ['files: general\n', /expected a list of file areas/],
  ];
  for (const [yaml, message] of cases) await assert.rejects(withConfig(yaml), (err: unknown) => err instanceof ConfigError && message.test(err.message), yaml);
});
