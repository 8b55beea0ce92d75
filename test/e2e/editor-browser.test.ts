import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ROOT, startBoardProcess } from '../helpers/spawned-board.js';
import { chromiumSkip, launchBrowser, screenText, signUpInBrowser, waitForText } from '../helpers/browser.js';
import { until } from '../helpers/until.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');

function lastBody(data: string): string | null {
  const db = new BetterSqlite3(join(data, 'bbs.db'), { readonly: true });
  try {
    return (db.prepare('SELECT body FROM public_messages ORDER BY id DESC LIMIT 1').get() as { body: string } | undefined)?.body ?? null;
  } finally {
    db.close();
  }
}

test('the modem page writes in the full-screen editor: typed, corrected with the arrows, saved with Ctrl-Z, stored as shown', { timeout: 90_000 }, async (t) => {
  const skip = chromiumSkip();
  if (skip) return t.skip(skip);
  const board = await startBoardProcess({ t });
  const browser = await launchBrowser({ width: 1000, height: 700 });
  t.after(() => browser.close());
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${board.ports.http}/`);
  await signUpInBrowser(page, 'webwriter', 'webpass1');
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
  const body = await until('the message stored', () => lastBody(board.data), 5000, 50);
  assert.equal(body, 'Hello world\nSecond line.');
});

test('the modem page answers a message in the editor: two lines of it quoted from the quote window, saved as shown', { timeout: 90_000 }, async (t) => {
  const skip = chromiumSkip();
  if (skip) return t.skip(skip);
  const board = await startBoardProcess({ t });
  const poster = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(poster, 'Ada Lovelace', 'password1');
  poster.send('1');
  await poster.answer('Subject', 'Engines');
  for (const [i, line] of ['The engine weaves patterns', 'as the loom weaves flowers.', 'Numbers are only the start.'].entries()) {
    await poster.linePrompt(i + 1);
    poster.send(line);
  }
  await poster.linePrompt(4);
  poster.send('.');
  await poster.expect(/posted/i);
  poster.close();

  const browser = await launchBrowser({ width: 1000, height: 700 });
  t.after(() => browser.close());
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${board.ports.http}/`);
  await signUpInBrowser(page, 'babbage', 'webpass1');
  await page.keyboard.type('a');
  await waitForText(page, 'Area number to enter');
  await page.keyboard.type('1\r');
  await waitForText(page, 'Read new');
  await page.keyboard.type('n');
  await waitForText(page, 'The engine weaves patterns');
  await page.keyboard.type('r');
  await waitForText(page, 'Subject');
  await page.waitForTimeout(600);
  await page.keyboard.press('Enter');
  await waitForText(page, 'Ln 1/');
  await page.keyboard.type('Quite so.');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+q');
  await waitForText(page, 'Quote Ada Lovelace');
  await page.keyboard.press(' ');
  await page.keyboard.press(' ');
  await page.keyboard.press('Enter');
  await waitForText(page, 'AL> as the loom weaves flowers.');
  await page.screenshot({ path: join(ARTIFACTS, 'editor-quote-in-browser.png') });
  await page.keyboard.press('Control+z');
  await waitForText(page, 'posted');
  const body = await until('the reply stored', () => lastBody(board.data), 5000, 50);
  assert.equal(body, 'Quite so.\n AL> The engine weaves patterns\n AL> as the loom weaves flowers.');
});
