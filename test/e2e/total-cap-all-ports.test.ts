import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { JsonCaller } from '../callers/json.js';
import { TelnetCaller } from '../callers/telnet.js';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { dialFrom, readToEnd } from '../helpers/port-flood.js';
import { setTimeout as sleep } from 'node:timers/promises';

const FULL = /The board is full right now\. Please call again later\./;

test('the total cap holds across telnet, SSH, HTTP and the JSON socket together', { timeout: 60_000 }, async () => {
  const board = await startBoardProcess({ env: { BBS_MAX_CONNECTIONS: '4', BBS_MAX_PER_ADDRESS: '100' } });
  const { telnet, ssh, http, tcpjson } = board.ports;
  const open: Array<{ close(): void }> = [];
  try {
    // One caller on each port, each from its own address: four places, the whole board.
    const t = await TelnetCaller.dial({ port: telnet!, negotiate: true, localAddress: '127.0.0.2' });
    open.push(t);
    await t.until("Who's calling?", 5000);
    const s: Socket = await dialFrom(ssh!, '127.0.0.3');
    open.push({ close: () => s.destroy() });
    const ws = new WebSocket(`ws://127.0.0.1:${http!}/ws`, { localAddress: '127.0.0.4' });
    open.push({ close: () => ws.terminate() });
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (d: Buffer, isBinary) => (!isBinary && d.toString().includes('"hello"') ? resolve() : undefined));
      ws.once('error', reject);
    });
    const j = await JsonCaller.dial({ port: tcpjson!, localAddress: '127.0.0.5' });
    open.push(j);
    await j.until("Who's calling?", 5000);

    // A fifth caller is told the board is full, whichever port it tries and whatever it speaks.
    assert.match(await readToEnd(await dialFrom(telnet!, '127.0.0.6')), FULL);
    assert.match(await readToEnd(await dialFrom(ssh!, '127.0.0.6')), FULL);
    const page = await dialFrom(http!, '127.0.0.6');
    page.write('GET /healthz HTTP/1.1\r\nHost: board\r\n\r\n');
    assert.match(await readToEnd(page), /^HTTP\/1\.1 503 [^]*The board is full/);
    const jsonOnHttp = await JsonCaller.dial({ port: http!, localAddress: '127.0.0.6' });
    assert.match(await jsonOnHttp.until('\u0001EXIT\u0001', 3000), FULL);
    const jsonOnOwnPort = await JsonCaller.dial({ port: tcpjson!, localAddress: '127.0.0.6' });
    assert.match(await jsonOnOwnPort.until('\u0001EXIT\u0001', 3000), FULL);

    // A place given back on one port is a place on any other.
    t.close();
    await sleep(300);
    const page2 = await dialFrom(http!, '127.0.0.6');
    page2.write('GET /healthz HTTP/1.1\r\nHost: board\r\nConnection: close\r\n\r\n');
    assert.match(await readToEnd(page2), /^HTTP\/1\.1 200 /);
    assert.equal(board.child.exitCode, null);
  } finally {
    for (const c of open) c.close();
    await board.stop();
  }
});
