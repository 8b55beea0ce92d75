import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumSkip, launchBrowser, signUpInBrowser, waitForText } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';

/**
 * The modem page after a line the board did not hang up: its host went down
 * under the caller. The page counts down and dials again by itself, and
 * lands on the board that answers the same number.
 */
void test('the page redials by itself when the board goes down under it, and is back at the login of the board that answers', { timeout: 120_000 }, async (t) => {
  const skip = chromiumSkip();
  if (skip) return t.skip(skip);
  const data = mkdtempSync(join(tmpdir(), 'bbs-page-redial-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const ports = ['--http-port', String(await freePort()), '--json-port', '0', '--telnet-port', '0', '--ssh-port', '0'];
  const board = await startBoardProcess({ data, args: ports });
  const browser = await launchBrowser({ width: 1000, height: 700 }, t);
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${ports[1]!}/`);
  await waitForText(page, "Who's calling?", 15_000);
  const state = (): Promise<string> => page.evaluate(() => (window.modem as unknown as { state: string }).state);

  board.child.kill('SIGKILL');
  await board.exited;
  await page.waitForSelector('#carrier:not([hidden])', { timeout: 15_000 });
  assert.match((await page.textContent('#carrier-title')) ?? '', /NO CARRIER/);
  await until('the countdown', async () => /The line dropped\. Redialing in \d s…/.test((await page.textContent('#carrier-detail')) ?? '') || undefined, 5000, 50);
  // Another board answers the same number before the tries run out.
  await startBoardProcess({ data, args: ports, t });
  await until('the page back online by itself', async () => (await state()) === 'online' || undefined, 30_000, 100);
  assert.equal(await page.isHidden('#carrier'), true, 'the carrier box is gone');
  await waitForText(page, "Who's calling?", 15_000);
});

void test('a board that stops says so and the page redials; a caller who logs off is not redialed', { timeout: 90_000 }, async (t) => {
  const skip = chromiumSkip();
  if (skip) return t.skip(skip);
  const board = await startBoardProcess({ t });
  const browser = await launchBrowser({ width: 1000, height: 700 }, t);
  const page = await browser.context.newPage();
  let detail = '';
  const detailSays = async (pattern: RegExp): Promise<true | undefined> => {
    detail = (await page.textContent('#carrier-detail')) ?? '';
    return pattern.test(detail) || undefined;
  };
  await page.goto(`http://127.0.0.1:${board.ports.http!}/`);
  await signUpInBrowser(page, 'Leaver', 'leaver-pw1');
  await page.keyboard.type('q');
  await waitForText(page, 'Log off?');
  await page.keyboard.type('y');
  await page.waitForSelector('#carrier:not([hidden])', { timeout: 15_000 });
  await page.waitForTimeout(2500);
  assert.match(await page.textContent('#carrier-detail') ?? '', /The board hung up\. Thanks for calling!/);
  assert.doesNotMatch(await page.textContent('#carrier-detail') ?? '', /Redialing/, 'a goodbye is not redialed');
  assert.equal(await page.evaluate(() => (window.modem as unknown as { state: string }).state), 'offline');

  await page.click('#redial');
  await waitForText(page, "Who's calling?", 15_000);
  await board.stop('SIGTERM');
  await page.waitForSelector('#carrier:not([hidden])', { timeout: 15_000 });
  await until(() => `the countdown after a shutdown, not ${JSON.stringify(detail)}`, () => detailSays(/The board is restarting\. Redialing in \d s…/), 5000, 50);
});
