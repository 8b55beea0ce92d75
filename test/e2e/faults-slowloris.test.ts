import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { JsonCaller } from '../callers/json.js';
import { TelnetCaller } from '../callers/telnet.js';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { setTimeout as sleep } from 'node:timers/promises';

const CAP = 3000;
/** Source addresses the silent crowd comes from: one host is not the whole attack. */
const SOURCES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];

function openSilent(port: number, localAddress: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', localAddress });
    s.on('data', () => {});
    s.once('connect', () => {
      s.removeListener('error', reject);
      s.on('error', () => {});
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** Everything a refused socket reads before the board closes it. */
function readToEnd(s: Socket, timeoutMs = 5000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  s.on('data', (d: Buffer) => chunks.push(d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms; read ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`)), timeoutMs);
    s.once('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

test('thousands of silent connections up to the cap: a new caller still gets in fast, the excess is told why', { timeout: 120_000 }, async () => {
  const board = await startBoardProcess({
    args: ['--lines', String(CAP)],
    env: { BBS_MAX_CONNECTIONS: String(CAP), BBS_MAX_PER_ADDRESS: '5000' },
  });
  const silent: Socket[] = [];
  try {
    // Fill all but one place, spread over the gated ports: telnet, the JSON socket, SSH.
    const ports = [board.ports.telnet!, board.ports.tcpjson!, board.ports.ssh!];
    for (let i = 0; silent.length < CAP - 1; i++) {
      const batch = Array.from({ length: Math.min(100, CAP - 1 - silent.length) }, (_, k) => openSilent(ports[(i * 100 + k) % 3]!, SOURCES[k % SOURCES.length]!));
      silent.push(...(await Promise.all(batch)));
    }
    // Let the board admit them all (a silent telnet caller is placed on a line after its dial delay).
    await sleep(1500);

    // The last place goes to a real caller, who reaches the name prompt quickly.
    const started = performance.now();
    const caller = await TelnetCaller.dial({ port: board.ports.telnet!, negotiate: true, localAddress: '127.0.0.9' });
    await caller.until("Who's calling?", 5000);
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `the new caller waited ${ms.toFixed(0)} ms for the name prompt`);

    // Past the cap, every wire says why it hangs up.
    const telnet = connect({ port: board.ports.telnet!, host: '127.0.0.1' });
    assert.match((await readToEnd(telnet)).toString('utf8'), /The board is full right now\. Please call again later\./);
    const json = await JsonCaller.dial({ port: board.ports.tcpjson! });
    const refusal = await json.until('\u0001EXIT\u0001');
    assert.match(refusal, /The board is full right now/);
    const ssh = connect({ port: board.ports.ssh!, host: '127.0.0.1' });
    assert.match((await readToEnd(ssh)).toString('utf8'), /full/i);

    // The crowd never took the process down, and the caller who got in still gets answers.
    assert.equal(board.child.exitCode, null);
    caller.send('');
    await caller.until("Who's calling?", 5000);
    caller.close();
    json.close();
  } finally {
    for (const s of silent) s.destroy();
    await board.stop();
  }
});
