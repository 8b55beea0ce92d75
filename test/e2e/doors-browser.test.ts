import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, startBoardProcess } from '../helpers/spawned-board.js';
import { chromiumSkip, launchBrowser, screenText, signUpInBrowser, waitForText } from '../helpers/browser.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');

test('the modem page plays Lunar Lander: picked from D, drawn full-screen in the browser, left with Esc, back at the doors menu', { timeout: 90_000 }, async (t) => {
  const skip = chromiumSkip();
  if (skip) return t.skip(skip);
  if (!existsSync(join(ROOT, 'dist/doors/lander/main.js'))) {
    if (process.env.CI === 'true') throw new Error('the lander is not built: npm run build');
    return t.skip('the lander is not built: npm run build');
  }
  const board = await startBoardProcess({ t });
  const browser = await launchBrowser({ width: 1000, height: 700 });
  t.after(() => browser.close());
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${board.ports.http}/`);
  await signUpInBrowser(page, 'moonwalker', 'webpass1');
  await page.keyboard.type('d');
  await waitForText(page, 'Door number to play');
  assert.match(await screenText(page), /Lunar Lander/);
  await page.keyboard.type('1\r');
  await waitForText(page, 'Welcome, moonwalker, to LUNAR LANDER');
  await page.keyboard.type(' ');
  await waitForText(page, 'Burn 0-9');
  await page.keyboard.type('4\r');
  await waitForText(page, 'Altitude');
  // The fuel gauge's blocks arrive as the glyphs themselves, not as mojibake.
  assert.match(await screenText(page), /█/);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'door-in-browser.png') });
  await page.keyboard.press('Escape');
  await waitForText(page, 'Back from Lunar Lander');
  await waitForText(page, 'Door number to play');
});
