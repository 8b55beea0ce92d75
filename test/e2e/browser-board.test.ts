import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { chromiumSkip, launchBrowser, screenText, waitForText } from '../helpers/browser.js';
const ARTIFACTS = join(ROOT, 'test-artifacts');

let board: BoardProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;

before(async () => {
  // The line editor: this is the board's first-generation path; the full-screen editor has tests of its own.
  board = await startBoardProcess({ env: { BBS_EDITOR: 'line' } });
});
after(async () => {
  await browser?.close();
  await board.stop();
});

test('the modem page dials the real board: sign up, post, read back, resize and see the board adapt', { timeout: 90_000 }, async (t) => {
  const skip = chromiumSkip();
  if (skip) return t.skip(skip);
  browser = await launchBrowser({ width: 1100, height: 760 });
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${board.ports.http}/`);
  await waitForText(page, 'ATDT');
  await waitForText(page, 'CONNECT');
  await waitForText(page, "Who's calling?");
  const wide = await page.evaluate(() => window.term.cols);

  await page.keyboard.type('Browser\r');
  await waitForText(page, 'Password:');
  await page.keyboard.type('webpass1\r');
  await waitForText(page, 'once more');
  await page.keyboard.type('webpass1\r');
  await waitForText(page, 'Your account is ready');
  assert.ok(!(await screenText(page)).includes('webpass1'), 'the password is masked');
  await page.keyboard.type('y');
  await waitForText(page, 'MAIN MENU');
  await page.keyboard.type('1');
  await waitForText(page, 'Subject:');
  await page.keyboard.type('From the browser\r');
  await waitForText(page, 'Type your message');
  const long = 'From the browser: ' + Array.from({ length: 14 }, (_, i) => `word${i}`).join(' ');
  await page.keyboard.type(long + '\r');
  await page.keyboard.type('.\r');
  await waitForText(page, 'posted');
  await page.keyboard.type('2');
  await waitForText(page, 'word13', 8000);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'board-in-browser.png') });

  // A phone-width window: the terminal refits, the board hears the new size and wraps to it.
  await page.setViewportSize({ width: 375, height: 700 });
  // The refit may pass through in-between widths while the window settles: wait for where it lands.
  const narrow = await page
    .waitForFunction(() => (window.term.cols < 60 ? window.term.cols : 0), undefined, { timeout: 8000 })
    .then((h) => h.jsonValue())
    .catch(() => page.evaluate(() => window.term.cols));
  assert.ok(narrow < 60 && narrow < wide, `narrow terminal: ${narrow} columns`);
  await page.keyboard.type('2');
  await waitForText(page, 'word13');
  const rows = (await screenText(page)).split('\n');
  const start = rows.findLastIndex((r) => r.includes('From the browser:'));
  assert.ok(start >= 0);
  assert.ok(!rows[start]!.includes('word13'), 'the body is wrapped to the narrow width');
  for (const r of rows.slice(start, start + 4)) assert.ok(r.length <= narrow, `row fits: ${r}`);
  await page.screenshot({ path: join(ARTIFACTS, 'board-in-browser-phone.png') });

  // Hanging up: the board's goodbye ends with NO CARRIER, and the page does not say it again.
  // Q asks "Log off?" first; y answers it.
  await page.keyboard.type('q');
  await waitForText(page, 'Log off?');
  await page.keyboard.type('y');
  await page.waitForSelector('#carrier:not([hidden])', { timeout: 8000 });
  const said = (await screenText(page)).split('NO CARRIER').length - 1;
  assert.equal(said, 1, 'NO CARRIER once on the terminal');
});
