import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { SETTINGS } from '../../../src/config/settings.js';
import { settingsTable } from '../../../scripts/settings-table.js';

const README = new URL('../../../README.md', import.meta.url);

test('the README lists every setting exactly as the code defines it', async () => {
  const text = await readFile(README, 'utf8');
  assert.ok(text.includes(settingsTable()), 'the settings table is current (node --import tsx scripts/settings-table.ts)');
  for (const s of SETTINGS) if (s.env) assert.ok(text.includes(s.env), s.env);
});

test('the README gives the two set-up commands and the commands of the bbs tool', async () => {
  const text = await readFile(README, 'utf8');
  assert.match(text, /npm install && npm start/);
  assert.match(text, /npm test/);
  const { MAIN_HELP } = await import('../../../src/cli/main.js');
  for (const m of MAIN_HELP.matchAll(/^ {2}([a-z]+) {2,}/gm)) if (m[1] !== 'help') assert.ok(text.includes(`bbs ${m[1]}`), `bbs ${m[1]}`);
});
