import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM, launchBrowser, signUpInBrowser, waitForText } from '../../test/helpers/browser.js';
import { bbsArgv, seedHostKeys } from '../../test/helpers/spawned-board.js';
import { ZmodemGate } from '../../web/zmodem-gate.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { loadBoard, MiB } from './common.js';

const run = promisify(execFile);
const CHUNK = 4096;

/** Board output as the page gets it: colour art and text in 4 KiB WebSocket messages, no ZMODEM anywhere. */
function boardOutput(bytes: number): Uint8Array[] {
  const line = '\x1b[1;36m║\x1b[0m \x1b[33m[ 1]\x1b[0m moonbase.bin       156 KiB  2026-12-03  sysop  \x1b[1;32m█▓▒░\x1b[0m *** NEW ***\r\n';
  const text = Buffer.from(line.repeat(Math.ceil(bytes / Buffer.byteLength(line))));
  const chunks: Uint8Array[] = [];
  for (let at = 0; at + CHUNK <= text.length; at += CHUNK) chunks.push(new Uint8Array(text.subarray(at, at + CHUNK)));
  return chunks;
}

/** Nanoseconds per chunk, the best of a few passes. */
function perChunk(chunks: Uint8Array[], passes: number, each: (c: Uint8Array) => void): number {
  let best = Infinity;
  for (let p = 0; p < passes; p++) {
    const started = process.hrtime.bigint();
    for (const c of chunks) each(c);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / chunks.length);
  }
  return best;
}

/**
 * What the page's ZMODEM watch costs ordinary output: the gate on every 4 KiB
 * message, against handing every message to zmodem.js's Sentry (the library's
 * own way, which copies each byte into an Array).
 */
function gateMeasure(ctx: BenchContext): Measure {
  const chunks = boardOutput((ctx.quick ? 8 : 32) * MiB);
  const passes = 5;
  const Zmodem = createRequire(import.meta.url)('zmodem.js') as { Sentry: new (opts: Record<string, (...a: unknown[]) => void>) => { consume(b: Uint8Array): void } };
  const sentry = new Zmodem.Sentry({ to_terminal: () => {}, sender: () => {}, on_detect: () => {}, on_retract: () => {} });
  const gate = new ZmodemGate();
  let routed = 0;
  const gateNs = perChunk(chunks, passes, (c) => {
    if (gate.route(c) !== null) routed++;
  });
  const sentryNs = perChunk(chunks, passes, (c) => sentry.consume(c));
  const ratio = gateNs / sentryNs;
  ctx.log(`gate ${gateNs.toFixed(0)} ns, Sentry ${sentryNs.toFixed(0)} ns per 4 KiB`);
  return {
    key: 'web-zmodem-gate',
    measure: 'The modem page\'s ZMODEM watch on ordinary board output, per 4 KiB message',
    target: "≤ 0.05× feeding zmodem.js's Sentry every message",
    result: `${(gateNs / 1000).toFixed(2)} µs = ${ratio.toFixed(3)}× the Sentry's ${(sentryNs / 1000).toFixed(1)} µs`,
    value: Math.round(ratio * 1000) / 1000,
    unit: '× Sentry',
    goal: { max: 0.05 },
    met: ratio <= 0.05 && routed === 0,
    detail:
      `web/zmodem-gate.js route() against zmodem.js's Sentry.consume() on the same ${chunks.length} messages of colour art and text (no ZDLE in them, so the gate sends every one straight to xterm.js: ${routed} went to the Sentry), in Node, the best of ${passes} passes each. ` +
      'Before this change the page wrote every message to xterm.js directly; the gate adds one Uint8Array.indexOf and a look at the last two bytes.',
    extra: { gateNs, sentryNs, chunks: chunks.length },
  };
}

/** One ZMODEM download in Chromium through the real board, from the protocol prompt to the saved file, in seconds. */
async function browserDownload(ctx: BenchContext, size: number): Promise<number> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-webz-'));
  const browser = await launchBrowser({ width: 1000, height: 700 });
  try {
    await seedHostKeys(data);
    await writeFile(join(data, 'bbs.yaml'), `files:\n  - { name: bench, title: Bench, list: new, download: new, upload: sysop }\n`);
    const incoming = join(ctx.work, 'webz-incoming');
    await mkdir(incoming, { recursive: true });
    await writeFile(join(incoming, 'big.bin'), randomBytes(size));
    const board = await loadBoard({ data });
    try {
      await run(process.execPath, [...bbsArgv(), 'files', 'import', incoming, 'bench', '--data', data]);
      await rm(incoming, { recursive: true, force: true });
      const page = await browser.context.newPage();
      await page.goto(`http://127.0.0.1:${board.ports.http}/`);
      await signUpInBrowser(page, 'bencher', 'bench-pass-1');
      await page.keyboard.type('f');
      await waitForText(page, 'Area number');
      await page.keyboard.type('1\r');
      await waitForText(page, 'File number');
      await page.keyboard.type('1\r');
      await waitForText(page, 'D download');
      await page.keyboard.type('d');
      await waitForText(page, 'Protocol');
      // The board drops an Enter within half a second of a hot key.
      await page.waitForTimeout(600);
      const download = page.waitForEvent('download', { timeout: 300_000 });
      const started = process.hrtime.bigint();
      await page.keyboard.press('Enter');
      const saved = await download;
      const path = await saved.path();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const got = (await stat(path)).size;
      if (got !== size) throw new Error(`the browser saved ${got} bytes of ${size}`);
      return seconds;
    } finally {
      await board.stop();
    }
  } finally {
    await browser.close();
    await rm(data, { recursive: true, force: true });
  }
}

export async function browserZmodemScenario(ctx: BenchContext): Promise<Measure[]> {
  const measures = [gateMeasure(ctx)];
  if (!existsSync(CHROMIUM) || !existsSync('/usr/bin/sz')) {
    ctx.log('browser download skipped: chromium or lrzsz is missing');
    return measures;
  }
  const size = (ctx.quick ? 8 : 32) * MiB;
  const seconds = await browserDownload(ctx, size);
  const rate = size / MiB / seconds;
  ctx.log(`browser ZMODEM download ${rate.toFixed(2)} MiB/s`);
  measures.push({
    key: 'web-zmodem-download',
    measure: `ZMODEM download in the browser of one ${size / MiB} MiB file`,
    target: '≥ 1 MiB/s',
    result: `${rate.toFixed(2)} MiB/s (${seconds.toFixed(1)} s)`,
    value: Math.round(rate * 100) / 100,
    unit: 'MiB/s',
    goal: { min: 1 },
    met: rate >= 1,
    detail:
      'Headless Chromium on the modem page, signed up, F → the area → the file → D → Enter (ZMODEM): from that Enter to the browser\'s saved file, checked for its size. ' +
      "The board's sz (lrzsz, --binary) at the door desk, its bytes in WebSocket messages to zmodem.js in the page, which holds the file in memory and saves it as a Blob.",
    extra: { bytes: size, seconds },
  });
  return measures;
}
