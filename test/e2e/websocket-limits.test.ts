import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { rssOf } from '../helpers/proc-usage.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { dialFrom, openFds, readToEnd, watchFds } from '../helpers/port-flood.js';
import { setTimeout as sleep } from 'node:timers/promises';

type Dialled = { ws: WebSocket; outcome: Promise<{ hello: true } | { status: number; body: string } | { code: number } | { error: string }> };

/** A browser-like WebSocket from one source address, and how its dial ended: a hello, a refusal, a close or an error. */
function dialWs(port: number, localAddress: string): Dialled {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { localAddress, origin: `http://127.0.0.1:${port}` });
  const outcome = new Promise<{ hello: true } | { status: number; body: string } | { code: number } | { error: string }>((resolve) => {
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary && data.toString('utf8').includes('"hello"')) resolve({ hello: true });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('close', (code) => resolve({ code }));
    ws.on('error', (err) => resolve({ error: err.message }));
  });
  return { ws, outcome };
}

async function withBoard(env: NodeJS.ProcessEnv, run: (board: BoardProcess) => Promise<void>): Promise<void> {
  const board = await startBoardProcess({ env });
  try {
    await run(board);
    assert.equal(board.child.exitCode, null, 'the board is still up');
  } finally {
    await board.stop();
  }
}

test('WebSocket calls meet the per-address and total caps like any other, and a full board refuses politely', { timeout: 60_000 }, async () => {
  await withBoard({ BBS_MAX_PER_ADDRESS: '4', BBS_MAX_CONNECTIONS: '6' }, async (board) => {
    const port = board.ports.http!;
    const mine = Array.from({ length: 4 }, () => dialWs(port, '127.0.0.1'));
    for (const d of mine) assert.deepEqual(await d.outcome, { hello: true });
    const fifth = await dialWs(port, '127.0.0.1').outcome;
    assert.deepEqual(fifth, { status: 503, body: 'Too many connections from your address (limit 4). Close one and call again.\n' });

    const theirs = Array.from({ length: 2 }, () => dialWs(port, '127.0.0.2'));
    for (const d of theirs) assert.deepEqual(await d.outcome, { hello: true });
    // Six calls: the board is full for everyone, on every port.
    assert.deepEqual(await dialWs(port, '127.0.0.3').outcome, { status: 503, body: 'The board is full right now. Please call again later.\n' });
    const telnet = await dialFrom(board.ports.telnet!, '127.0.0.3');
    assert.match(await readToEnd(telnet), /The board is full right now/);

    // Thousands of upgrade attempts from the capped address: every one refused, the process barely notices.
    const baseline = openFds(board.child.pid!);
    const fds = watchFds(board.child.pid!);
    let refused = 0;
    for (let round = 0; round < 10; round++) {
      const batch = Array.from({ length: 200 }, () => dialWs(port, '127.0.0.1'));
      for (const d of batch) {
        const o = await d.outcome;
        assert.ok(!('hello' in o), 'no call past the cap');
        refused++;
        d.ws.terminate();
      }
    }
    const peak = fds.stop();
    assert.equal(refused, 2000);
    assert.ok(peak - baseline < 200, `2000 refused upgrades held ${peak - baseline} descriptors at the peak`);

    // Calls that hang up give their places back.
    for (const d of [...mine, ...theirs]) d.ws.close();
    await Promise.all([...mine, ...theirs].map((d) => new Promise<void>((resolve) => (d.ws.readyState === WebSocket.CLOSED ? resolve() : d.ws.once('close', () => resolve())))));
    await sleep(200);
    const again = dialWs(port, '127.0.0.3');
    assert.deepEqual(await again.outcome, { hello: true });
    again.ws.terminate();
  });
});

/** The upgrade by hand, so a frame can lie about its own size. */
async function rawUpgrade(port: number): Promise<Socket> {
  const s = await dialFrom(port, '127.0.0.4');
  s.write(
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString('latin1');
      if (!seen.includes('\r\n\r\n')) return;
      s.off('data', onData);
      if (seen.startsWith('HTTP/1.1 101')) resolve();
      else reject(new Error(`upgrade refused: ${seen.slice(0, 80)}`));
    };
    s.on('data', onData);
  });
  return s;
}

/** The close code in the first close frame the server sends. */
function closeCodeOf(bytes: Buffer): number | null {
  for (let i = 0; i + 3 < bytes.length; i++) if (bytes[i] === 0x88 && (bytes[i + 1]! & 0x7f) >= 2) return bytes.readUInt16BE(i + 2);
  return null;
}

test('a WebSocket frame or message larger than the board takes is refused with 1009 and the process stays small', { timeout: 60_000 }, async () => {
  await withBoard({}, async (board) => {
    // A caller's whole message is capped at 4 KiB (ws maxPayload), however it is framed.
    const port = board.ports.http!;
    const pid = board.child.pid!;
    // One ordinary call first, so the WebSocket side is loaded before the size is taken.
    const first = dialWs(port, '127.0.0.8');
    assert.deepEqual(await first.outcome, { hello: true });
    first.ws.terminate();
    const rssBefore = rssOf(pid);

    // A header that claims a terabyte: refused on the header, before any of it is buffered.
    const liar = await rawUpgrade(port);
    const header = Buffer.from([0x82, 0xff, 0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    liar.write(header);
    const got = await readToEnd(liar, 3000, 'latin1');
    assert.equal(closeCodeOf(Buffer.from(got, 'latin1')), 1009);

    // A message sent as fragments each small enough, together too large.
    const fragments = dialWs(port, '127.0.0.5');
    assert.deepEqual(await fragments.outcome, { hello: true });
    const fragClosed = new Promise<number>((resolve) => fragments.ws.once('close', (code) => resolve(code)));
    for (let i = 0; i < 8; i++) fragments.ws.send(Buffer.alloc(1000, 0x61), { binary: true, fin: false });
    fragments.ws.send(Buffer.alloc(1000, 0x61), { binary: true, fin: true });
    assert.equal(await fragClosed, 1009);

    // One plain 64 MiB message: refused on its header, so the board never holds it. Resident
    // memory moves by a few MiB with the board's own garbage; holding the message would add 64.
    const big = dialWs(port, '127.0.0.6');
    assert.deepEqual(await big.outcome, { hello: true });
    const bigClosed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.ws.send(Buffer.alloc(64 * 1024 * 1024, 0x61), { binary: true });
    assert.equal(await bigClosed, 1009);

    const grown = rssOf(pid) - rssBefore;
    assert.ok(grown < 32 * 1024 * 1024, `the board grew by ${(grown / 1048576).toFixed(1)} MiB`);

    // The port still takes calls.
    const after = dialWs(port, '127.0.0.7');
    assert.deepEqual(await after.outcome, { hello: true });
    after.ws.terminate();
  });
});
