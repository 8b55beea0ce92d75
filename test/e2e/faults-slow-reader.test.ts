import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonCaller } from '../callers/json.js';
import { TelnetCaller } from '../callers/telnet.js';
import { jsonLogIn, telnetLogIn } from '../callers/log-in.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** The telnet transport's limit on unsent output for one caller (DEFAULT_MAX_WRITABLE_BYTES). */
const MAX_UNSENT = 1024 * 1024;

function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Long messages, so that a 300x100 terminal gets about 30 KB per page of the reader. */
async function seed(data: string): Promise<void> {
  const store = openSqliteStore(join(data, 'bbs.db'));
  try {
    const flooder = await store.users.create('Flooder', 'password1');
    await store.users.create('Witness', 'password1');
    if (!flooder.ok) throw new Error('could not make the flooding account');
    const line = 'all work and no play makes a caller a dull reader '.repeat(9).slice(0, 470);
    for (let i = 0; i < 120; i++) {
      await store.publicMessages.postMessage({ authorId: flooder.user.id, body: Array.from({ length: 50 }, () => line).join('\n'), at: new Date(), area: 'general', subject: `long read ${i}` });
    }
  } finally {
    await store.close();
  }
}

async function menuRoundTrip(c: JsonCaller): Promise<number> {
  const sent = performance.now();
  // ? draws the whole menu again: a round trip with a full screen in it.
  c.send('?');
  await c.prompt('MAIN MENU', 5000);
  return performance.now() - sent;
}

test('a caller who never reads is dropped at a bounded buffer, and nobody else notices', { timeout: 90_000 }, async () => {
  const data = await mkdtemp(join(tmpdir(), 'bbs-slow-reader-'));
  await seed(data);
  const board = await startBoardProcess({ data });
  try {
    const witness = await JsonCaller.dial({ port: board.ports.tcpjson! });
    await jsonLogIn(witness, 'Witness', 'password1');
    const baseline: number[] = [];
    for (let i = 0; i < 30; i++) baseline.push(await menuRoundTrip(witness));

    const flooder = await TelnetCaller.dial({ port: board.ports.telnet!, negotiate: true, cols: 300, rows: 100 });
    await telnetLogIn(flooder, 'Flooder', 'password1');
    const rssBefore = rssBytes(board.child.pid!);

    // From here on the flooder reads nothing, and keeps asking for the long message list and its next pages.
    flooder.socket.pause();
    let dropped: string | undefined;
    const during: number[] = [];
    let peakRss = rssBefore;
    const floodStart = Date.now();
    const flood = setInterval(() => {
      if (!flooder.socket.destroyed) flooder.socket.write('2\r\n');
    }, 40);
    try {
      const deadline = Date.now() + 45_000;
      while (!dropped && Date.now() < deadline) {
        during.push(await menuRoundTrip(witness));
        peakRss = Math.max(peakRss, rssBytes(board.child.pid!));
        dropped = board.output().split('\n').find((l) => /telnet caller dropped/.test(l));
      }
    } finally {
      clearInterval(flood);
    }
    const floodMs = Date.now() - floodStart;
    assert.ok(dropped, 'the caller who never reads is dropped');
    assert.match(dropped, /not reading/);
    const buffered = Number(/buffered[=:"\s]+(\d+)/.exec(dropped)?.[1]);
    assert.ok(buffered <= MAX_UNSENT, `the board held at most ${MAX_UNSENT} unsent bytes for it (${buffered})`);
    assert.ok(peakRss - rssBefore < 96 * 1024 * 1024, `the board grew by ${((peakRss - rssBefore) / 2 ** 20).toFixed(0)} MiB while it flooded`);

    // Its line really is closed: once it reads again, it gets what the kernel held, then the end.
    flooder.socket.resume();
    const closed = await Promise.race([new Promise((r) => flooder.socket.once('close', () => r(true))), sleep(10_000, false)]);
    assert.ok(closed || flooder.socket.destroyed, 'the flooder connection is closed');

    // The other caller kept its pace the whole time (the flood itself costs the board some CPU on 2 cores).
    const base = percentile(baseline, 90);
    const p90 = percentile(during, 90);
    assert.ok(during.length >= 5, `only ${during.length} round trips during the flood`);
    assert.ok(p90 < Math.max(10 * base, 150), `witness p90 round trip ${p90.toFixed(1)} ms during the flood vs ${base.toFixed(1)} ms before`);
    assert.ok(Math.max(...during) < 2000, `witness worst round trip ${Math.max(...during).toFixed(0)} ms`);
    console.log(`slow reader: flood of ${floodMs} ms; witness p90 ${base.toFixed(1)} -> ${p90.toFixed(1)} ms, worst ${Math.max(...during).toFixed(0)} ms over ${during.length} trips; dropped with ${buffered} bytes unsent; rss +${((peakRss - rssBefore) / 2 ** 20).toFixed(1)} MiB`);
    witness.close();
  } finally {
    await board.stop();
  }
});
