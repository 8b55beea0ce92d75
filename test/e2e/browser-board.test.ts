import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT, startBoardProcess, type BoardProcess } from '../helpers/board-process.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');

declare global {
  interface Window {
    term: { cols: number; rows: number; buffer: { active: { length: number; getLine(i: number): { translateToString(trim: boolean): string } | undefined } } };
  }
}

let board: BoardProcess;
let context: BrowserContext | null = null;
let profile = '';

before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await context?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await board.stop();
});

function screen(page: Page): Promise<string> {
  return page.evaluate(() => {
    const buf = window.term.buffer.active;
    const rows: string[] = [];
    for (let i = 0; i < buf.length; i++) rows.push(buf.getLine(i)?.translateToString(true) ?? '');
    return rows.join('\n');
  });
}

async function see(page: Page, needle: string, timeout = 8000): Promise<void> {
  try {
    await page.waitForFunction(
      (n) => {
        const buf = window.term?.buffer.active;
        if (!buf) return false;
        for (let i = 0; i < buf.length; i++) if (buf.getLine(i)?.translateToString(true).includes(n)) return true;
        return false;
      },
      needle,
      { timeout },
    );
  } catch (err) {
    throw new Error(`"${needle}" never appeared; the screen shows:\n${await screen(page)}`, { cause: err });
  }
}

test('the modem page dials the real board: sign up, post, read back, resize and see the board adapt', { timeout: 90_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    t.skip(`${CHROMIUM} is missing: apt-get install -y chromium`);
    return;
  }
  profile = await mkdtemp(join(tmpdir(), 'bbs-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 760 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${board.ports.http}/`);
  await see(page, 'ATDT');
  await see(page, 'CONNECT');
  await see(page, "Who's calling?");
  const wide = await page.evaluate(() => window.term.cols);

  await page.keyboard.type('Browser\r');
  await see(page, 'Password:');
  await page.keyboard.type('webpass1\r');
  await see(page, 'once more');
  await page.keyboard.type('webpass1\r');
  await see(page, 'Your account is ready');
  assert.ok(!(await screen(page)).includes('webpass1'), 'the password is masked');
  await page.keyboard.type('y');
  await see(page, 'MAIN MENU');
  await page.keyboard.type('1');
  await see(page, 'Type your message');
  const long = 'From the browser: ' + Array.from({ length: 14 }, (_, i) => `word${i}`).join(' ');
  await page.keyboard.type(long + '\r');
  await page.keyboard.type('.\r');
  await see(page, 'posted');
  await page.keyboard.type('2');
  await see(page, 'word13');
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'board-in-browser.png') });

  // A phone-width window: the terminal refits, the board hears the new size and wraps to it.
  await page.setViewportSize({ width: 375, height: 700 });
  const narrow = await page.waitForFunction((w) => (window.term.cols < w ? window.term.cols : 0), wide, { timeout: 8000 }).then((h) => h.jsonValue());
  assert.ok(narrow < 60, `narrow terminal: ${narrow} columns`);
  await page.keyboard.type('2');
  await see(page, 'word13');
  const rows = (await screen(page)).split('\n');
  const start = rows.findLastIndex((r) => r.includes('From the browser:'));
  assert.ok(start >= 0);
  assert.ok(!rows[start]!.includes('word13'), 'the body is wrapped to the narrow width');
  for (const r of rows.slice(start, start + 4)) assert.ok(r.length <= narrow, `row fits: ${r}`);
  await page.screenshot({ path: join(ARTIFACTS, 'board-in-browser-phone.png') });
});
