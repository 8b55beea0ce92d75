import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { chromiumSkip, launchBrowser, screenText, waitForText } from '../helpers/browser.js';
import { setTimeout as sleep } from 'node:timers/promises';

let board: BoardProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;

before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await browser?.close();
  await board.stop();
});

const LOADS = 6;

test('every load of the page fits the window before dialing: the first size the board hears is the settled one, at a readable font', { timeout: 120_000 }, async (t) => {
  const skip = chromiumSkip();
  if (skip) return t.skip(skip);
  const launched = await launchBrowser({ width: 1280, height: 800 });
  browser = launched;
  for (let load = 0; load < LOADS; load++) {
    const page = await launched.context.newPage();
    await page.goto(`http://127.0.0.1:${board.ports.http}/`);
    await waitForText(page, "Who's calling?", 10_000);
    // The welcome line says the size the board was told when the call was placed.
    const told = /your terminal (\d+)x(\d+)/.exec(await screenText(page));
    assert.ok(told, 'the welcome line names the size');
    await sleep(400);
    const now = await page.evaluate(() => ({ cols: window.term.cols, rows: window.term.rows, font: window.term.options.fontSize ?? 0 }));
    assert.deepEqual({ cols: Number(told[1]), rows: Number(told[2]) }, { cols: now.cols, rows: now.rows }, `load ${load + 1}: the board heard the size the page settled on`);
    assert.ok(now.font >= 16, `load ${load + 1}: a ${now.font} px font fills a 1280x800 window`);
    assert.ok(now.cols <= 120 && now.rows <= 40, `load ${load + 1}: ${now.cols}x${now.rows} is a fitted terminal, not a tiny font in a corner`);
    await page.close();
  }
});
