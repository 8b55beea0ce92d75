import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, Socket as NetSocket, type AddressInfo, type Server, type Socket } from 'node:net';
import type { TestContext } from 'node:test';
import { createLogger } from '../../../../src/logger.js';
import { RefusalLog } from '../../../../src/transports/limits/refusal-log.js';
import { ProxyFront } from '../../../../src/transports/proxy/proxy-front.js';
import { PROXY_V2_SIGNATURE } from '../../../../src/transports/proxy/proxy-v2.js';
import { until } from '../../../helpers/until.js';

const PROXY = '127.0.0.2';

/** 203.0.113.7:51234 as the caller, TCP over IPv4. */
const HEADER = Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x21, 0x11, 0, 12, 203, 0, 113, 7, 127, 0, 0, 1, 0xc8, 0x22, 0x09, 0x13])]);
const LOCAL = Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x20, 0x00, 0, 0])]);

interface Admitted {
  remote: string;
  socket: Socket;
  /** What the protocol read, from its first listener on. */
  read: () => Buffer;
}

/**
 * A port behind a ProxyFront whose "protocol" greets at once (as telnet does)
 * and keeps every byte it reads; `lateReader` attaches the reader only later,
 * as the SSH port does while its module loads.
 */
async function frontedPort(t: TestContext, opts: { lateReader?: boolean; headerTimeoutMs?: number; maxWaiting?: number } = {}) {
  const logs: string[] = [];
  const refusals = new RefusalLog(createLogger({ format: 'json', write: (line) => logs.push(line) }));
  const front = new ProxyFront({ trusted: [{ address: PROXY, family: 'ipv4', prefix: 32 }], refusals, headerTimeoutMs: opts.headerTimeoutMs, maxWaiting: opts.maxWaiting });
  const admitted: Admitted[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    front.accept(socket, (remote) => {
      const chunks: Buffer[] = [];
      const attach = (): void => void socket.on('data', (c: Buffer) => chunks.push(c));
      socket.write('greeting\r\n');
      if (opts.lateReader) setTimeout(attach, 100);
      else attach();
      admitted.push({ remote, socket, read: () => Buffer.concat(chunks) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    front.close();
    refusals.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as AddressInfo).port, admitted, logs, front, refusals };
}

function dial(port: number, from: string) {
  const socket = connect({ port, host: '127.0.0.1', localAddress: from });
  socket.setNoDelay(true);
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed, connected, received: () => Buffer.concat(chunks).toString('latin1') };
}

const payload = Buffer.from([0xff, 0xfb, 0x18, 0x0d, 0x00, 0x68, 0x69, 0x0d, 0x0a]);

void describe('the PROXY front of a listener', () => {
  it('a trusted balancer\'s caller is admitted by the header\'s address, and the bytes after it reach the protocol untouched', async (t) => {
    const port = await frontedPort(t);
    const c = dial(port.port, PROXY);
    c.socket.write(Buffer.concat([HEADER, payload]));
    const a = await until('the caller to be admitted', () => port.admitted[0]);
    assert.equal(a.remote, '203.0.113.7');
    assert.equal(a.socket.remoteAddress, '203.0.113.7');
    assert.equal(a.socket.remotePort, 51234);
    await until('the payload to reach the protocol', () => a.read().equals(payload));
    c.socket.write('more');
    await until('later bytes to follow', () => a.read().equals(Buffer.concat([payload, Buffer.from('more')])));
  });

  it('a header sent one byte at a time is read the same, and the greeting waits for it', async (t) => {
    const port = await frontedPort(t);
    const c = dial(port.port, PROXY);
    await c.connected;
    const stream = Buffer.concat([HEADER, payload]);
    for (let i = 0; i < stream.length; i++) {
      c.socket.write(stream.subarray(i, i + 1));
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (i < HEADER.length - 1) assert.equal(port.admitted.length, 0, `admitted after ${i + 1} bytes`);
    }
    const a = await until('the caller to be admitted', () => port.admitted[0]);
    assert.equal(a.remote, '203.0.113.7');
    await until('the payload to reach the protocol', () => a.read().equals(payload));
    await until('the greeting', () => c.received() === 'greeting\r\n');
  });

  it('a LOCAL header (a health check) keeps the balancer\'s own address', async (t) => {
    const port = await frontedPort(t);
    const c = dial(port.port, PROXY);
    c.socket.write(LOCAL);
    const a = await until('the check to be admitted', () => port.admitted[0]);
    assert.equal(a.remote, PROXY);
  });

  it('from a trusted address, no header, a bad one or silence closes the connection with a log line saying why', async (t) => {
    const port = await frontedPort(t, { headerTimeoutMs: 200 });
    // The first refusal of an address is logged at once, later ones in the summary with their last reason.
    const lastLine = (): string => port.logs.at(-1) ?? '';
    const garbage = dial(port.port, PROXY);
    garbage.socket.write('GET / HTTP/1.1\r\n\r\n');
    await garbage.closed;
    assert.match(lastLine(), /refused a connection from 127\.0\.0\.2.*no valid PROXY v2 header from a trusted proxy: no PROXY v2 signature/);
    const v1 = dial(port.port, PROXY);
    v1.socket.write(Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x11, 0x11, 0, 12])]));
    await v1.closed;
    port.refusals.flush();
    assert.match(lastLine(), /PROXY protocol version 1, expected 2/);
    const silent = dial(port.port, PROXY);
    await silent.closed;
    port.refusals.flush();
    assert.match(lastLine(), /no PROXY v2 header from a trusted proxy within 200 ms/);
    assert.equal(port.admitted.length, 0);
    assert.equal(garbage.received() + v1.received() + silent.received(), '', 'nothing was said to any of them');
  });

  it('an untrusted caller is greeted at once, and what it sends reaches the protocol untouched', async (t) => {
    const port = await frontedPort(t);
    const c = dial(port.port, '127.0.0.1');
    await until('the greeting before the caller sent anything', () => c.received() === 'greeting\r\n');
    assert.equal(port.admitted[0]!.remote, '127.0.0.1');
    c.socket.write(payload);
    await until('the caller\'s bytes', () => port.admitted[0]!.read().equals(payload));
  });

  it('an untrusted caller whose first bytes are the PROXY v2 signature is closed, and the protocol never reads them', async (t) => {
    const port = await frontedPort(t);
    const c = dial(port.port, '127.0.0.1');
    await until('the greeting', () => c.received() === 'greeting\r\n');
    c.socket.write(Buffer.concat([HEADER, payload]));
    await c.closed;
    assert.equal(port.admitted[0]!.read().length, 0);
    assert.match(port.logs.join('\n'), /refused a connection from 127\.0\.0\.1.*PROXY header from an untrusted address/);
  });

  it('bytes that arrive before the protocol listens wait for it, from either side of the front', async (t) => {
    const port = await frontedPort(t, { lateReader: true });
    const direct = dial(port.port, '127.0.0.1');
    direct.socket.write(payload);
    const proxied = dial(port.port, PROXY);
    proxied.socket.write(Buffer.concat([HEADER, payload]));
    await until('both to be admitted', () => port.admitted.length === 2);
    for (const a of port.admitted) await until(`${a.remote}'s bytes to reach the late reader`, () => a.read().equals(payload));
  });

  it('connections waiting for a header are bounded, and closed with the front', async (t) => {
    const port = await frontedPort(t, { maxWaiting: 2 });
    const waiting = [dial(port.port, PROXY), dial(port.port, PROXY)];
    await Promise.all(waiting.map((w) => w.connected));
    const third = dial(port.port, PROXY);
    await third.closed;
    assert.match(port.logs.join('\n'), /2 connections from trusted proxies are already waiting/);
    port.front.close();
    await Promise.all(waiting.map((w) => w.closed));
    assert.equal(port.admitted.length, 0);
    // Closing with the listener is not a balancer's failure, and is not logged as one.
    port.refusals.flush();
    assert.doesNotMatch(port.logs.join('\n'), /closed by a trusted proxy/);
  });

  it('a connection already gone when it is looked at (a health check that resets at once) is closed quietly, neither admitted nor logged', (t) => {
    const logs: string[] = [];
    const refusals = new RefusalLog(createLogger({ format: 'json', write: (line) => logs.push(line) }));
    const front = new ProxyFront({ trusted: [{ address: PROXY, family: 'ipv4', prefix: 32 }], refusals });
    t.after(() => {
      front.close();
      refusals.close();
    });
    const gone = new NetSocket();
    assert.equal(gone.remoteAddress, undefined);
    let admitted = false;
    front.accept(gone, () => (admitted = true));
    assert.equal(admitted, false);
    assert.equal(gone.destroyed, true);
    refusals.close();
    assert.deepEqual(logs, []);
  });
});
