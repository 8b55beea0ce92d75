import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { stringify } from 'yaml';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { chromiumSkip, launchBrowser, screenText, signUpInBrowser, waitForText } from '../helpers/browser.js';
import { bbsArgv, ROOT, seedHostKeys, startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';

const run = promisify(execFile);
const ARTIFACTS = join(ROOT, 'test-artifacts');
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const lrzsz = (): boolean => existsSync('/usr/bin/sz') && existsSync('/usr/bin/rz');

/** A running board whose one area lets a new account upload, with `moonbase.bin` imported by the sysop's command. */
async function boardWithFiles(t: TestContext, file: Buffer): Promise<BoardProcess> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-webz-'));
  t.after(() => rm(data, { recursive: true, force: true }));
  await seedHostKeys(data);
  await writeFile(join(data, 'bbs.yaml'), stringify({ files: [{ name: 'general', title: 'General files', list: 'new', download: 'new', upload: 'new' }] }));
  const source = join(data, 'incoming');
  await mkdir(source);
  await writeFile(join(source, 'moonbase.bin'), file);
  const board = await startBoardProcess({ data, t });
  // The sysop's import, while the board runs, as a sysop would.
  await run(process.execPath, [...bbsArgv(), 'files', 'import', source, 'general', '--data', data, '--description', 'Plans for the moon base']);
  return board;
}

/** The caller at the area's file list. */
async function toFileList(page: Page): Promise<void> {
  await page.keyboard.type('f');
  await waitForText(page, 'Area number');
  await page.keyboard.type('1\r');
  await waitForText(page, 'moonbase.bin');
  await waitForText(page, 'File number');
}

/**
 * Enter at the protocol prompt, for ZMODEM. The board drops an Enter that
 * follows a hot key within half a second (a line-mode habit), so this one
 * comes after that.
 */
async function enterAfterHotKey(page: Page): Promise<void> {
  await page.waitForTimeout(600);
  await page.keyboard.press('Enter');
}

const transferMode = (page: Page): Promise<string> => page.evaluate(() => (window.modem as unknown as { transfer: string }).transfer);

void test('in the browser a ZMODEM download is saved as a file and an upload comes from the file picker, the terminal working after each', { timeout: 120_000 }, async (t) => {
  const skip = chromiumSkip() || (lrzsz() ? false : 'lrzsz is missing: apt-get install -y lrzsz');
  if (skip) return t.skip(skip);
  // Every byte ZMODEM escapes, in the middle of random ones.
  const seeded = Buffer.concat([randomBytes(100_000), Buffer.from([0x18, 0x11, 0x13, 0x91, 0x93, 0x0d, 0x8d, 0xff, 0x2a, 0x2a, 0x18, 0x42]), randomBytes(60_000)]);
  const board = await boardWithFiles(t, seeded);
  const browser = await launchBrowser({ width: 1000, height: 700 }, t);
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${board.ports.http}/`);
  await signUpInBrowser(page, 'webfiler', 'webpass1');

  await toFileList(page);
  await page.keyboard.type('1\r');
  await waitForText(page, 'D download');
  await page.keyboard.type('d');
  await waitForText(page, 'Protocol');
  const download = page.waitForEvent('download', { timeout: 30_000 });
  await enterAfterHotKey(page);
  const saved = await download.catch(async (err: unknown) => {
    throw new Error(`no download; the screen shows:\n${await screenText(page)}\n${board.output()}`, { cause: err });
  });
  assert.equal(saved.suggestedFilename(), 'moonbase.bin');
  assert.equal(sha256(await readFile(await saved.path())), sha256(seeded));
  await until('the page out of ZMODEM', () => transferMode(page).then((m) => m === 'idle'));
  // Back on the file's screen (drawn anew once the line is quiet), where a key still answers.
  await waitForText(page, 'Sent: moonbase.bin');
  await waitForText(page, 'D download');
  assert.match(await page.locator('#status-transfer').textContent() ?? '', /moonbase\.bin: 160012 bytes saved/);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'browser-download.png') });
  await page.keyboard.press('Enter');
  await waitForText(page, 'File number');

  const upload = randomBytes(50_000);
  await page.keyboard.type('u\r');
  await waitForText(page, 'Protocol');
  const chooser = page.waitForEvent('filechooser', { timeout: 30_000 });
  await enterAfterHotKey(page);
  await (await chooser).setFiles({ name: 'lander-save.dat', mimeType: 'application/octet-stream', buffer: upload });
  await until('the page out of ZMODEM', () => transferMode(page).then((m) => m === 'idle'), 30_000);
  await waitForText(page, 'lander-save.dat', 15_000).catch((err: unknown) => {
    throw new Error(board.output(), { cause: err });
  });
  const store = openSqliteStore(join(board.data, 'bbs.db'));
  try {
    const stored = await until('the upload in the area', () => store.files.findByName('general', 'lander-save.dat'), 15_000);
    assert.equal(stored.sha256, sha256(upload));
    assert.equal(stored.size, upload.length);
  } finally {
    await store.close();
  }
  assert.doesNotMatch(await screenText(page), /\*\*B0/, 'no ZMODEM header drawn as text');
});

void test('zmodem.js loads once the call is up; a cancelled file picker cancels the upload, and the caller is back at the file menu', { timeout: 90_000 }, async (t) => {
  const skip = chromiumSkip() || (lrzsz() ? false : 'lrzsz is missing: apt-get install -y lrzsz');
  if (skip) return t.skip(skip);
  const board = await boardWithFiles(t, randomBytes(1000));
  const browser = await launchBrowser({ width: 1000, height: 700 }, t);
  const page = await browser.context.newPage();
  // The transfer library waits until the call is up: the page's first screen never waits for it.
  const order: string[] = [];
  page.on('websocket', () => order.push('call'));
  page.on('request', (r) => new URL(r.url()).pathname === '/vendor/zmodem/zmodem.js' && order.push('zmodem.js'));
  await page.goto(`http://127.0.0.1:${board.ports.http}/`);
  await signUpInBrowser(page, 'picky', 'webpass1');
  await until('zmodem.js loaded', () => order.includes('zmodem.js'));
  assert.deepEqual(order, ['call', 'zmodem.js']);
  await toFileList(page);
  await page.keyboard.type('u\r');
  await waitForText(page, 'Protocol');
  const chooser = page.waitForEvent('filechooser', { timeout: 30_000 });
  await enterAfterHotKey(page);
  const picker = await chooser;
  // What a browser does when its picker is dismissed: no change, a `cancel` event.
  await picker.element().evaluate((input) => input.dispatchEvent(new Event('cancel')));
  await until('the page out of ZMODEM', () => transferMode(page).then((m) => m === 'idle'), 15_000);
  assert.match(await page.locator('#status-transfer').textContent() ?? '', /no file chosen/);
  // The list drawn anew once the line is quiet: keys typed before that are the cancel's, and dropped.
  await waitForText(page, 'No file arrived', 20_000);
  await waitForText(page, 'File number');
  // The terminal is a terminal again: the file list answers its keys.
  await page.keyboard.type('1\r');
  await waitForText(page, 'D download');
});
