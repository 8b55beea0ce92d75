import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { JsonCaller } from '../callers/json.js';
import { SshCaller } from '../callers/ssh.js';
import { TelnetCaller } from '../callers/telnet.js';
import { jsonLogIn } from '../callers/log-in.js';
import { makeRng } from '../../scripts/fuzz/kit.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

const IAC = 0xff;
const SB = 0xfa;
const rng = makeRng(0x6a7ba6e);
const random = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(rng() * 256)));

let board: BoardProcess;
let witness: JsonCaller;

before(async () => {
  const data = await mkdtemp(join(tmpdir(), 'bbs-garbage-'));
  const store = openSqliteStore(join(data, 'bbs.db'));
  await store.users.create('Witness', 'password1');
  await store.close();
  board = await startBoardProcess({ data, env: { BBS_MAX_PER_ADDRESS: '200' } });
  witness = await JsonCaller.dial({ port: board.ports.tcpjson! });
  await jsonLogIn(witness, 'Witness', 'password1');
});

after(async () => {
  witness.close();
  await board.stop();
});

/** Send each payload on its own connection, then give the board a moment and hang up. */
async function assault(port: number, payloads: readonly Buffer[], holdMs = 400): Promise<void> {
  await Promise.all(
    payloads.map(
      (payload) =>
        new Promise<void>((resolve) => {
          const s = connect({ port, host: '127.0.0.1' });
          s.on('error', () => {});
          s.on('data', () => {});
          s.once('connect', () => {
            s.write(payload);
            setTimeout(() => {
              s.destroy();
              resolve();
            }, holdMs);
          });
          s.once('close', () => resolve());
        }),
    ),
  );
}

/** The process is up and the other caller's prompt round trip is still quick. */
async function stillServing(what: string): Promise<void> {
  assert.equal(board.child.exitCode, null, `the board died after ${what}:\n${board.output().slice(-2000)}`);
  const sent = performance.now();
  // ? draws the whole menu again: a round trip with a full screen in it.
  witness.send('?');
  await witness.prompt('MAIN MENU', 5000);
  const ms = performance.now() - sent;
  assert.ok(ms < 2000, `the other caller waited ${ms.toFixed(0)} ms after ${what}`);
}

test('telnet garbage: random bytes, cut-off negotiations, a megabyte line, an Enter storm', { timeout: 30_000 }, async () => {
  const port = board.ports.telnet!;
  await assault(port, [
    random(65_536),
    random(4096),
    Buffer.from([IAC]),
    Buffer.from([IAC, SB, 31, 0]),
    Buffer.concat([Buffer.from([IAC, SB, 24]), random(20_000)]),
    Buffer.concat([Buffer.from([IAC, SB, 31]), Buffer.alloc(10_000, IAC)]),
    Buffer.alloc(1024 * 1024, 0x41),
    Buffer.from('\r\n'.repeat(20_000)),
    Buffer.from('\x1b['.repeat(10_000)),
    Buffer.from([0xf0, 0x9f, 0x98]),
  ]);
  await stillServing('telnet garbage');
  const fresh = await TelnetCaller.dial({ port, negotiate: true });
  await fresh.until("Who's calling?", 5000);
  fresh.close();
});

test('JSON-socket garbage: random bytes, an oversized frame, broken JSON, half a frame, a frame flood', { timeout: 30_000 }, async () => {
  const port = board.ports.tcpjson!;
  await assault(port, [
    random(65_536),
    Buffer.from(`@bbs {"type":"msg","msg":"${'x'.repeat(100_000)}"}\0`),
    Buffer.from('@bbs {"type":"msg","msg":\0'),
    Buffer.from('@bbs {"type":"msg","ms'),
    Buffer.from('@bbs [1,2,3]\0'),
    Buffer.from('@bbs "\\ud800"\0'),
    Buffer.from(`@${'p'.repeat(5000)} {}\0`),
    Buffer.from('@bbs {"type":"msg","msg":"connect"}\0'.repeat(2000)),
    Buffer.from('\0'.repeat(100_000)),
    Buffer.from('<policy-file-request/>\0'.repeat(50)),
  ]);
  await stillServing('JSON-socket garbage');
  const fresh = await JsonCaller.dial({ port });
  await fresh.prompt("Who's calling?", 5000);
  fresh.close();
});

test('HTTP-port garbage: random bytes, a huge header, cut-off upgrades, a JSON socket gone wrong', { timeout: 30_000 }, async () => {
  const port = board.ports.http!;
  await assault(port, [
    random(65_536),
    Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`),
    Buffer.from(`GET /${'a'.repeat(100_000)} HTTP/1.1\r\n\r\n`),
    Buffer.from('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'),
    Buffer.from('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n'),
    Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(500)),
    Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\nabc'),
    Buffer.from('G'),
    Buffer.from(`@bbs {"msg":"${'y'.repeat(10_000)}"}\0`),
    Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]),
  ]);
  await stillServing('HTTP garbage');
});

test('WebSocket garbage: bad control messages, an oversized frame, raw broken frames', { timeout: 30_000 }, async () => {
  const port = board.ports.http!;
  const open = async (): Promise<WebSocket> => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` });
    ws.on('error', () => {});
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return ws;
  };
  const sockets = await Promise.all(Array.from({ length: 6 }, open));
  sockets[0]!.send('{"type":"resize","cols":1e9,"rows":-1}');
  sockets[0]!.send('not json at all');
  sockets[1]!.send('x'.repeat(64 * 1024));
  sockets[2]!.send(random(64 * 1024), { binary: true });
  sockets[3]!.send(random(2048), { binary: true });
  sockets[3]!.send('{"type":"resize","cols":80,"rows":24,"extra":1}');
  // Below ws: a frame header that claims 2^63 bytes, and plain noise where frames should be.
  const raw = (ws: WebSocket): { write(b: Buffer): void } => (ws as unknown as { _socket: { write(b: Buffer): void } })._socket;
  raw(sockets[4]!).write(Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]));
  raw(sockets[5]!).write(random(8192));
  await sleep(500);
  for (const ws of sockets) ws.terminate();
  await stillServing('WebSocket garbage');
  const fresh = await open();
  const seen = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no name prompt over WebSocket; got ${JSON.stringify(text.slice(-200))}`)), 5000);
    fresh.on('message', (d: Buffer, binary: boolean) => {
      if (binary) text += d.toString('utf8');
      if (text.includes("Who's calling?")) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
  assert.match(seen, /Who's calling\?/);
  fresh.terminate();
});

test('SSH-port garbage: random bytes, a huge banner, a packet claiming 4 GB, a banner then silence', { timeout: 30_000 }, async () => {
  const port = board.ports.ssh!;
  await assault(port, [
    random(65_536),
    Buffer.from(`SSH-2.0-${'v'.repeat(100_000)}`),
    Buffer.concat([Buffer.from('SSH-2.0-garbage\r\n'), Buffer.from([0xff, 0xff, 0xff, 0xff]), random(1000)]),
    Buffer.concat([Buffer.from('SSH-2.0-garbage\r\n'), Buffer.from([0x00, 0x00, 0x00, 0x0c, 0x0a, 0x14]), random(6)]),
    Buffer.from('SSH-2.0-quiet\r\n'),
    Buffer.from('SSH-1.5-old\r\n'),
    Buffer.from('\r\n'.repeat(10_000)),
  ]);
  await stillServing('SSH garbage');
  const fresh = await SshCaller.dial({ port, username: 'bbs' });
  await fresh.until("Who's calling?", 10_000);
  fresh.close();
});
