import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM, chromiumSkip, waitForText } from '../helpers/browser.js';
import { silentLogger } from '../../src/logger.js';
import type { CallHandle, CallerPort, Exchange } from '../../src/session/caller.js';
import type { InputEvent } from '../../src/session/events.js';
import { buildDirectory, webSocketEntry } from '../../src/transports/http/directory.js';
import { startHttp, type HttpListener } from '../../src/transports/http/http-port.js';
import { until } from '../helpers/until.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const STEP_MS = 5000;

const skip = chromiumSkip();

const BANNER =
  '\x1b[1;36m  ╔══════════════════════════════╗\x1b[0m\n' +
  '\x1b[1;36m  ║\x1b[0m  \x1b[1;33mTHE FAKE BOARD\x1b[0m  \x1b[31m█\x1b[32m█\x1b[33m█\x1b[34m█\x1b[35m█\x1b[36m█\x1b[37m█\x1b[0m     \x1b[1;36m║\x1b[0m\n' +
  '\x1b[1;36m  ║\x1b[0m  \x1b[1;31m▄▄\x1b[1;32m▄▄\x1b[1;33m▄▄\x1b[1;34m▄▄\x1b[1;35m▄▄\x1b[1;36m▄▄\x1b[0m  ░▒▓ since 1994\x1b[1;36m║\x1b[0m\n' +
  '\x1b[1;36m  ╚══════════════════════════════╝\x1b[0m\n' +
  'Welcome, caller. \x1b[1;32mType something\x1b[0m and press Enter; "bye" hangs up.\n';

/** A board that greets, echoes each line back and hangs up on "bye". */
class FakeBoard implements Exchange {
  readonly events: InputEvent[] = [];
  readonly dialledNodes: Array<number | undefined> = [];

  dial(port: CallerPort): CallHandle {
    this.dialledNodes.push(port.node);
    const prompt = (): void => port.deliver({ type: 'prompt', text: '', pchar: 'say> ', mode: 'line', maxLength: 80 });
    return {
      id: `call-${this.events.length}`,
      input: (event) => {
        this.events.push(event);
        if (event.type === 'open') {
          port.deliver({ type: 'screen', text: BANNER });
          prompt();
        } else if (event.type === 'line' && event.text === 'bye') {
          port.deliver({ type: 'exit', text: 'So long, and thanks for calling.\n' });
        } else if (event.type === 'line') {
          port.deliver({ type: 'screen', text: `you said: ${event.text}\n` });
          prompt();
        }
      },
    };
  }
}

const openGate = { tryAcquire: () => ({ ok: true as const, release: () => {} }) };

async function startBoard(lines: { total: number; inUse: number }): Promise<{ listener: HttpListener; board: FakeBoard; url: string }> {
  const board = new FakeBoard();
  const self: { listener?: HttpListener } = {};
  const listener = await startHttp({
    exchange: board,
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    webRoot: path.join(ROOT, 'web'),
    limiter: openGate,
    directory: () =>
      buildDirectory({
        board: 'Fake BBS',
        nodes: [{ node: 3, lines, listeners: [], extra: self.listener ? [webSocketEntry(self.listener, '/ws', { node: 3 })] : [] }],
      }),
    jsonSocket: (socket) => socket.destroy(),
    pingIntervalMs: 1000,
  });
  self.listener = listener;
  return { listener, board, url: `http://127.0.0.1:${listener.address.port}/` };
}

let context: BrowserContext;
let profile: string;

before(async () => {
  if (skip) return;
  await mkdir(ARTIFACTS, { recursive: true });
  profile = await mkdtemp(path.join(os.tmpdir(), 'bbs-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 720 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (skip) return;
  await context.close();
  await rm(profile, { recursive: true, force: true });
});

void test('the page dials, connects, shows the board, echoes and resizes', { skip, timeout: 60_000 }, async (t) => {
  const { listener, board, url } = await startBoard({ total: 4, inUse: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  try {
    const t0 = Date.now();
    await page.goto(url, { timeout: STEP_MS });
    await waitForText(page, 'ATDT 127.0.0.1:');
    await waitForText(page, 'CONNECT');
    await waitForText(page, 'say> ');
    // The page's own clock, from navigation start: the test harness's polling is not the caller's wait.
    const usableAfter = await page.evaluate(() => window.modem.onlineAt ?? Infinity);
    const harnessSaw = Date.now() - t0;
    assert.equal(await page.evaluate(() => window.modem.state), 'online');
    assert.equal(await page.evaluate(() => window.modem.node), 3);
    assert.deepEqual(board.dialledNodes, [3], "the page dialled node 3's own number");
    assert.match((await page.textContent('#status-line')) ?? '', /ONLINE/);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea')), true, 'terminal has focus');

    await page.keyboard.type('hello board');
    await page.keyboard.press('Enter');
    await waitForText(page, 'you said: hello board');

    const wide = await page.evaluate(() => window.term.cols);
    const resized = board.events.length;
    await page.setViewportSize({ width: 375, height: 667 });
    const narrow = await page.waitForFunction((w) => (window.term.cols < w ? window.term.cols : 0), wide, { timeout: STEP_MS });
    const cols = await narrow.jsonValue();
    const seen = await waitForEvent(board, resized, (e) => e.type === 'resize' && e.cols === cols);
    assert.equal(seen.type, 'resize');
    const fit = await page.evaluate(() => {
      const el = document.querySelector('.xterm-screen')!.getBoundingClientRect();
      return { right: el.right, width: window.innerWidth, font: window.term.options.fontSize ?? 0 };
    });
    assert.ok(fit.right <= fit.width, `terminal fits the phone: ${fit.right} <= ${fit.width}`);
    assert.ok(fit.font >= 10, `font readable on a phone: ${fit.font}px`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'browser-phone.png') });

    await page.setViewportSize({ width: 1100, height: 720 });
    // Not necessarily the same count as before: WebGL may have taken over and measures cells its own way.
    await page.waitForFunction((n) => window.term.cols > n + 20, cols, { timeout: STEP_MS });
    await page.waitForFunction(() => window.modem.renderer === 'webgl', null, { timeout: STEP_MS });
    await page.screenshot({ path: path.join(ARTIFACTS, 'browser-online.png') });
    assert.deepEqual(problems, []);
    // Two seconds is the promise to callers. Headless Chromium here renders in
    // software, so on a box busy with other work only a gross regression counts.
    const load = (os.loadavg()[0] ?? 0) / os.availableParallelism();
    const limit = load < 1 ? 2000 : 6000;
    t.diagnostic(`board usable after ${usableAfter} ms by the page's clock, ${harnessSaw} ms by the harness; load ${load.toFixed(2)} per core`);
    assert.ok(usableAfter < limit, `board usable after ${usableAfter} ms (limit ${limit} ms at load ${load.toFixed(2)} per core)`);
  } finally {
    await page.close();
    await listener.close();
  }
});

void test('the palette choice changes the colours and survives a reload', { skip, timeout: 60_000 }, async () => {
  const { listener, url } = await startBoard({ total: 4, inUse: 0 });
  const page = await context.newPage();
  try {
    await page.goto(url, { timeout: STEP_MS });
    await waitForText(page, 'say> ');
    assert.equal(await page.evaluate(() => window.term.options.theme?.background), '#020c05');
    await page.selectOption('#palette', 'vga');
    assert.equal(await page.evaluate(() => window.term.options.theme?.background), '#000000');
    assert.equal(await page.evaluate(() => localStorage.getItem('bbs.palette')), 'vga');
    await page.screenshot({ path: path.join(ARTIFACTS, 'browser-vga.png') });
    await page.selectOption('#palette', 'amber');
    await page.reload({ timeout: STEP_MS });
    await waitForText(page, 'say> ');
    assert.equal(await page.inputValue('#palette'), 'amber');
    assert.equal(await page.evaluate(() => document.body.dataset.palette), 'amber');
    await page.screenshot({ path: path.join(ARTIFACTS, 'browser-amber.png') });
    await page.selectOption('#palette', 'green');
  } finally {
    await page.close();
    await listener.close();
  }
});

void test('when the board hangs up the page says NO CARRIER and Redial works from the keyboard', { skip, timeout: 60_000 }, async () => {
  const { listener, url } = await startBoard({ total: 4, inUse: 0 });
  const page = await context.newPage();
  try {
    await page.goto(url, { timeout: STEP_MS });
    await waitForText(page, 'say> ');
    await page.keyboard.type('bye');
    await page.keyboard.press('Enter');
    await waitForText(page, 'NO CARRIER');
    await page.waitForSelector('#carrier:not([hidden])', { timeout: STEP_MS });
    assert.match((await page.textContent('#carrier-title')) ?? '', /NO CARRIER/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'redial', 'Redial has focus');
    assert.equal(await page.getAttribute('#redial', 'aria-label'), 'Redial the board');
    await page.screenshot({ path: path.join(ARTIFACTS, 'browser-no-carrier.png') });
    await page.keyboard.press('Enter');
    await page.waitForSelector('#carrier', { state: 'hidden', timeout: STEP_MS });
    await waitForText(page, 'say> ');
    assert.equal(await page.evaluate(() => window.modem.state), 'online');
  } finally {
    await page.close();
    await listener.close();
  }
});

void test('when every line is taken the page shows BUSY without placing a call', { skip, timeout: 60_000 }, async () => {
  const { listener, board, url } = await startBoard({ total: 2, inUse: 2 });
  const page = await context.newPage();
  try {
    await page.goto(url, { timeout: STEP_MS });
    await page.waitForSelector('#carrier:not([hidden])', { timeout: STEP_MS });
    assert.match((await page.textContent('#carrier-title')) ?? '', /BUSY/);
    assert.match((await page.textContent('#carrier-detail')) ?? '', /All 2 lines are in use/);
    await waitForText(page, 'BUSY');
    assert.equal(board.events.length, 0);
    assert.equal(await page.evaluate(() => window.modem.state), 'busy');
    await page.screenshot({ path: path.join(ARTIFACTS, 'browser-busy.png') });
  } finally {
    await page.close();
    await listener.close();
  }
});

async function waitForEvent(board: FakeBoard, from: number, match: (e: InputEvent) => boolean): Promise<InputEvent> {
  return until(() => `a matching event; saw ${JSON.stringify(board.events.slice(from))}`, () => board.events.slice(from).find(match), STEP_MS, 20);
}
