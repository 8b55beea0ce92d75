import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ROOT, startBoardProcess } from '../helpers/spawned-board.js';
import { chromiumSkip, launchBrowser, screenText, waitForText } from '../helpers/browser.js';
import { until } from '../helpers/until.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');

test('the modem page writes in the full-screen editor: typed, corrected with the arrows, saved with Ctrl-Z, stored as shown', { timeout: 90_000 }, async (t) => {
  const skip = chromiumSkip();
  if (skip) return t.skip(skip);
  const board = await startBoardProcess({ t });
  const browser = await launchBrowser({ width: 1000, height: 700 });
  t.after(() => browser.close());
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${board.ports.http}/`);
  await waitForText(page, "Who's calling?");
  await page.keyboard.type('webwriter\r');
  await waitForText(page, 'Password:');
  await page.keyboard.type('webpass1\r');
  await waitForText(page, 'once more');
  await page.keyboard.type('webpass1\r');
  await waitForText(page, 'go on?');
  await page.keyboard.type('y');
  await waitForText(page, 'MAIN MENU');
  await page.keyboard.type('1');
  await waitForText(page, 'Subject');
  await page.waitForTimeout(600);
  await page.keyboard.type('From a browser\r');
  await waitForText(page, 'Ln 1/');
  await page.keyboard.type('Hello wrld');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('o');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Second line.');
  await waitForText(page, 'Second line.');
  const shown = await screenText(page);
  assert.match(shown, /^Hello world$/m);
  assert.match(shown, /New message/);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'editor-in-browser.png') });
  await page.keyboard.press('Control+z');
  await waitForText(page, 'posted');
  const body = await until('the message stored', () => {
    const db = new BetterSqlite3(join(board.data, 'bbs.db'), { readonly: true });
    try {
      return (db.prepare('SELECT body FROM public_messages ORDER BY id DESC LIMIT 1').get() as { body: string } | undefined)?.body ?? null;
    } finally {
      db.close();
    }
  }, 5000, 50);
  assert.equal(body, 'Hello world\nSecond line.');
});
