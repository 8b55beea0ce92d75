import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DEFAULT_AREAS } from '../../../src/config/settings.js';
import { MEMBER_AFTER_CALLS } from '../../../src/rules/levels.js';
import { MAIN_MENU } from '../../../src/flows/main-menu.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { SEED_CLIENT_HINT } from '../../helpers/tools.js';

const readme = (): Promise<string> => readFile(new URL('../../../README.md', import.meta.url), 'utf8');

/** The README's section under a `## ` heading, up to the next one. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, heading);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start + 1, end < 0 ? undefined : end).trimEnd() + '\n';
}

test('the backup example shows the schema version a board of this code reports', async () => {
  const line = /^# bbs backup: wrote .*\(\d+ bytes, schema version (\d+), integrity ok\)$/m.exec(await readme());
  assert.ok(line, 'a bbs backup example line');
  assert.equal(Number(line[1]), MIGRATIONS.length);
});

test('docs/docker.md is the README Docker section, word for word', async () => {
  const docker = await readFile(new URL('../../../docs/docker.md', import.meta.url), 'utf8');
  assert.equal(docker, section(await readme(), 'Run a board with Docker'));
});

test('every key of the main menu is in the README key table', async () => {
  const table = section(await readme(), 'What callers find on the board');
  for (const key of [...MAIN_MENU.keys(), 'Q', '?', '!']) assert.ok(table.includes(`| \`${key}\` |`), `key ${key}`);
});

test('the README says when a caller becomes a member, and who may post in each default area', async () => {
  // Prose wraps anywhere: read it as one line.
  const text = (await readme()).replace(/\s+/g, ' ');
  assert.equal(MEMBER_AFTER_CALLS, 2, 'the README says "second call"');
  assert.match(text, /becomes a member on its second call or with its first public message/);
  for (const area of DEFAULT_AREAS) assert.ok(text.includes(`*${area.title}*`), area.title);
  const retro = DEFAULT_AREAS.find((a) => a.name === 'retro')!;
  assert.equal(retro.post, 'member');
  assert.match(text, /\*Retro computing\* \(everyone reads; members and sysops post\)/);
});

test('the README says where the original client comes from and how the tests find it', async () => {
  const text = await readme();
  assert.match(text, /`examples\/bbs\/client\.py` in the Mongrel2 source tree/);
  assert.ok(text.includes('BBS_SEED_CLIENT'));
  assert.ok(SEED_CLIENT_HINT.includes('BBS_SEED_CLIENT') && SEED_CLIENT_HINT.includes('examples/bbs/client.py'));
});
