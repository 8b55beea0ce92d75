import { after, before, describe, test, type TestContext } from 'node:test';
import { rm } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { JsonCaller } from '../callers/json.js';
import { TelnetCaller } from '../callers/telnet.js';
import { HAPROXY, HAPROXY_INSTALL, startHaproxy, type RunningHaproxy } from '../helpers/haproxy.js';
import { identity, run, SSH, SSH_INSTALL, sshOptions } from '../helpers/ssh-client.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { requireTool } from '../helpers/tools.js';
import { until } from '../helpers/until.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { CallRecord } from '../../src/store/types/call-log.js';
import { PROXY_V2_SIGNATURE } from '../../src/transports/proxy/proxy-v2.js';

/**
 * The board behind the real HAProxy (send-proxy-v2), trusting only the
 * address HAProxy connects from (127.0.0.2). Callers reach HAProxy from
 * addresses of their own; the board must count, refuse and log them by
 * those, never by HAProxy's. One connection per address, so a second caller
 * from the same address is refused and one from another is not.
 */

const PROXY = '127.0.0.2';
const GREETING = "Who's calling?";
const TOO_MANY = /Too many connections from your address/;

let board: BoardProcess;
let haproxy: RunningHaproxy;

/** A call log row, read from the board's database while it runs. */
async function callFrom(remote: string, transport: string): Promise<CallRecord> {
  return until(`a ${transport} call from ${remote} in the call log`, async () => {
    const store = openSqliteStore(join(board.data, 'bbs.db'));
    try {
      return (await store.calls.recent(200)).find((c) => c.remote === remote && c.transport === transport);
    } finally {
      await store.close();
    }
  }, 10_000, 100);
}

async function callLogRemotes(): Promise<string[]> {
  const store = openSqliteStore(join(board.data, 'bbs.db'));
  try {
    return (await store.calls.recent(200)).map((c) => c.remote);
  } finally {
    await store.close();
  }
}

function telnetVia(port: number, from: string): Promise<TelnetCaller> {
  return TelnetCaller.dial({ port, localAddress: from, negotiate: true });
}

/** The board's log, waited for a line holding every one of `parts`. */
function logged(...parts: string[]): Promise<string> {
  return until(`a log line with ${parts.join(' and ')}`, () => board.output().split('\n').find((l) => parts.every((p) => l.includes(p))), 10_000, 25);
}

/** A raw connection from `from`, with everything it receives until it closes. */
function rawFrom(port: number, from: string): { socket: Socket; received: () => Buffer; closed: Promise<void> } {
  const socket = connect({ port, host: '127.0.0.1', localAddress: from });
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => Buffer.concat(chunks), closed };
}

/** A PROXY v2 header for TCP over IPv4 naming `source` as the caller. */
function forgedHeader(source: string): Buffer {
  const body = Buffer.from([...source.split('.').map(Number), 127, 0, 0, 1, 0x30, 0x39, 0x09, 0x13]);
  return Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x21, 0x11, 0, body.length]), body]);
}

function get(port: number, from: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', localAddress: from, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ready = (t: TestContext): boolean => requireTool(t, HAPROXY(), 'haproxy', HAPROXY_INSTALL);

describe('behind HAProxy with send-proxy-v2', { timeout: 120_000 }, () => {
  before(async () => {
    if (!HAPROXY()) return;
    board = await startBoardProcess({ env: { BBS_TRUSTED_PROXIES: PROXY, BBS_MAX_PER_ADDRESS: '1' } });
    haproxy = await startHaproxy(
      null,
      [
        { name: 'telnet', mode: 'tcp', boardPort: board.ports.telnet! },
        { name: 'ssh', mode: 'tcp', boardPort: board.ports.ssh! },
        { name: 'json', mode: 'tcp', boardPort: board.ports.tcpjson! },
        { name: 'web', mode: 'http', boardPort: board.ports.http! },
      ],
      PROXY,
    );
  });
  after(async () => {
    await haproxy?.stop();
    await board?.stop();
    if (board) await rm(board.data, { recursive: true, force: true });
  });

  test('telnet: the call log, the per-address count and the log lines name the caller, not HAProxy', async (t) => {
    if (!ready(t)) return;
    const first = await telnetVia(haproxy.ports.telnet!, '127.0.0.3');
    t.after(() => first.close());
    await first.until(GREETING);
    assert.equal((await callFrom('127.0.0.3', 'telnet')).transport, 'telnet');
    // HAProxy's address holds a call already: were it counted, this second caller would be refused.
    const other = await telnetVia(haproxy.ports.telnet!, '127.0.0.13');
    t.after(() => other.close());
    await other.until(GREETING);
    await callFrom('127.0.0.13', 'telnet');
    const again = await telnetVia(haproxy.ports.telnet!, '127.0.0.3');
    t.after(() => again.close());
    await again.until(TOO_MANY);
    await logged('refused a connection from 127.0.0.3', 'transport=telnet');
    assert.ok(!(await callLogRemotes()).includes(PROXY), 'no call is logged as HAProxy');
  });

  test('the JSON socket: counted and logged by the caller behind HAProxy', async (t) => {
    if (!ready(t)) return;
    const first = await JsonCaller.dial({ port: haproxy.ports.json!, localAddress: '127.0.0.4', t });
    await first.until(GREETING);
    await callFrom('127.0.0.4', 'tcpjson');
    const again = await JsonCaller.dial({ port: haproxy.ports.json!, localAddress: '127.0.0.4', t });
    await again.until(TOO_MANY);
    await logged('refused a connection from 127.0.0.4', 'transport=tcpjson');
  });

  test('SSH: OpenSSH through HAProxy reaches the board, and the gate counts its own address', async (t) => {
    if (!ready(t) || !requireTool(t, SSH(), 'ssh', SSH_INSTALL)) return;
    const ssh = (from: string): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      run('ssh', [...sshOptions(haproxy.ports.ssh!, ['-b', from, ...identity(null)]), 'bbs@127.0.0.1', 'who']);
    // ssh2 names each client by address and port: the exec is only served if the board finds the socket by the header's.
    const served = await ssh('127.0.0.5');
    assert.equal(served.code, 0, served.stderr);
    assert.match(served.stdout, /online|Nobody/);
    const holder = await telnetVia(haproxy.ports.telnet!, '127.0.0.15');
    t.after(() => holder.close());
    await holder.until(GREETING);
    const refused = await ssh('127.0.0.15');
    assert.notEqual(refused.code, 0);
    await logged('refused a connection from 127.0.0.15', 'transport=ssh');
  });

  test('the web port: the WebSocket call and the HTTP per-address count see the caller', async (t) => {
    if (!ready(t)) return;
    const port = haproxy.ports.web!;
    const tab = new WebSocket(`ws://127.0.0.1:${port}/ws`, { localAddress: '127.0.0.6', origin: `http://127.0.0.1:${port}` });
    t.after(() => tab.terminate());
    let screen = '';
    tab.on('message', (d: Buffer) => (screen += d.toString()));
    await until('the board to greet the browser', () => screen.includes(GREETING), 15_000);
    await callFrom('127.0.0.6', 'websocket');
    // The tab holds 127.0.0.6's one connection, so a page load from it is refused by the board, through HAProxy.
    const refused = await get(port, '127.0.0.6');
    assert.equal(refused.status, 503);
    assert.match(refused.body, TOO_MANY);
    await logged('refused a connection from 127.0.0.6', 'transport=http');
    assert.equal((await get(port, '127.0.0.16')).status, 200);
  });

  test('a connection from the trusted address without a header is closed, with a log line saying why', async (t) => {
    if (!ready(t)) return;
    const telnet = rawFrom(board.ports.telnet!, PROXY);
    telnet.socket.write('hello\r\n');
    await telnet.closed;
    assert.equal(telnet.received().length, 0, 'the board never greeted it');
    await logged(`refused a connection from ${PROXY}`, 'no valid PROXY v2 header from a trusted proxy: no PROXY v2 signature');
    const web = rawFrom(board.ports.http!, PROXY);
    web.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await web.closed;
    assert.equal(web.received().length, 0);
    await logged(`refused a connection from ${PROXY}`, 'transport=http', 'no PROXY v2 signature');
  });

  test("a LOCAL header (a balancer's health check) keeps the balancer's own address", async (t) => {
    if (!ready(t)) return;
    const check = rawFrom(board.ports.telnet!, PROXY);
    t.after(() => check.socket.destroy());
    check.socket.write(Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x20, 0x00, 0, 0])]));
    await until('the board to greet the health check', () => check.received().toString('latin1').includes(GREETING), 10_000);
    await callFrom(PROXY, 'telnet');
  });

  test('a forged header from an untrusted address is refused, never believed', async (t) => {
    if (!ready(t)) return;
    const telnet = rawFrom(board.ports.telnet!, '127.0.0.7');
    // The board speaks first; the forger answers with a header naming someone else.
    await until('the telnet greeting', () => telnet.received().length > 0);
    telnet.socket.write(Buffer.concat([forgedHeader('198.51.100.9'), Buffer.from('\r\n')]));
    await telnet.closed;
    await logged('refused a connection from 127.0.0.7', 'PROXY header from an untrusted address');
    const json = rawFrom(board.ports.tcpjson!, '127.0.0.8');
    json.socket.write(forgedHeader('198.51.100.9'));
    await json.closed;
    assert.equal(json.received().length, 0);
    await logged('refused a connection from 127.0.0.8', 'PROXY header from an untrusted address');
    const web = rawFrom(board.ports.http!, '127.0.0.9');
    web.socket.write(Buffer.concat([forgedHeader('198.51.100.9'), Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')]));
    await web.closed;
    assert.equal(web.received().length, 0);
    await logged('refused a connection from 127.0.0.9', 'PROXY header from an untrusted address');
    assert.ok(!(await callLogRemotes()).includes('198.51.100.9'), 'the forged address never reached the call log');
  });

  test('a plain telnet caller straight to the board is served as before', async (t) => {
    if (!ready(t)) return;
    const direct = await telnetVia(board.ports.telnet!, '127.0.0.1');
    t.after(() => direct.close());
    await direct.until(GREETING);
    direct.send('guest');
    await callFrom('127.0.0.1', 'telnet');
  });
});
