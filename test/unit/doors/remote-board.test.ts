import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { RemoteBoard, terminalTypeFor } from '../../../src/doors/remote-board.js';
import type { GatewayDefinition } from '../../../src/config/door-settings.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';
import { DO, IAC, OPT_BINARY, OPT_NAWS, SB, SE, WILL } from '../../../src/transports/telnet/telnet-codes.js';
import { RecordingSink } from '../../helpers/recording-sink.js';
import { until } from '../../helpers/until.js';

const gatewayAt = (port: number, protocol: GatewayDefinition['protocol'], host = '127.0.0.1'): GatewayDefinition => ({
  name: 'far',
  title: 'Far Board',
  description: '',
  host,
  port,
  protocol,
  level: 'member',
});

/** A loopback server for one test: `sockets` fills as the peer connects; everything is closed after the test. */
async function farServer(t: TestContext, onSocket: (s: Socket) => void = () => {}): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
    onSocket(s);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return { server, port: (server.address() as AddressInfo).port, sockets };
}

/** Everything a server socket received, as it arrives. */
function collect(s: Socket): { bytes: () => Buffer } {
  let got = Buffer.alloc(0);
  s.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
  return { bytes: () => got };
}

function dial(t: TestContext, gateway: GatewayDefinition, extra: Partial<ConstructorParameters<typeof RemoteBoard>[0]> = {}): { peer: RemoteBoard; sink: RecordingSink } {
  const peer = new RemoteBoard({ gateway, terminal: { ...DEFAULT_TERMINAL, cols: 100, rows: 30, termType: 'xterm-256color' }, ...extra });
  const sink = new RecordingSink();
  t.after(() => peer.stop('ended'));
  peer.start(sink);
  return { peer, sink };
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

void describe('remote board over loopback', () => {
  void it('raw: says where the caller is, then passes every byte value both ways untouched', async (t) => {
    const far = await farServer(t, (s) => s.write(ALL_BYTES));
    const { peer, sink } = dial(t, gatewayAt(far.port, 'raw'));
    await sink.waitFor('Connected to Far Board. Press Ctrl-] then q to come back.');
    await until('all 256 bytes', () => sink.bytes.includes(ALL_BYTES));
    const received = collect(far.sockets[0]!);
    // Ctrl-] doubled is how the caller sends one.
    peer.input(Buffer.concat([ALL_BYTES.subarray(0, 0x1d), Buffer.of(0x1d, 0x1d), ALL_BYTES.subarray(0x1e)]));
    await until('all 256 bytes at the far end', () => received.bytes().length >= 256);
    assert.deepEqual(received.bytes(), ALL_BYTES);
  });

  void it('telnet: 0xFF both ways, NAWS on request and on resize, and Ctrl-] q comes back', async (t) => {
    const far = await farServer(t, (s) => s.write(Buffer.of(IAC, DO, OPT_NAWS, IAC, WILL, OPT_BINARY, 0x41, IAC, IAC, 0x42)));
    const { peer, sink } = dial(t, gatewayAt(far.port, 'telnet'));
    await until('A 0xFF B', () => sink.bytes.includes(Buffer.of(0x41, 0xff, 0x42)));
    const received = collect(far.sockets[0]!);
    peer.input(Buffer.of(0x61, 0xff, 0x62));
    peer.resize(120, 40);
    const want = Buffer.of(0x61, IAC, IAC, 0x62, IAC, SB, OPT_NAWS, 0, 120, 0, 40, IAC, SE);
    await until('the keys and the new size', () => received.bytes().includes(want));
    peer.input(Buffer.from('\x1dq'));
    assert.deepEqual(await sink.ended(), { how: 'escape' });
    await until('the far end to see the hang-up', () => far.sockets[0]!.readableEnded || far.sockets[0]!.destroyed);
    assert.equal(sink.broken, 0);
  });

  void it('reads no more of the far board while the caller has a backlog, and again on resume', async (t) => {
    const chunk = Buffer.alloc(64 * 1024, 0x2e);
    const far = await farServer(t, (s) => {
      const pump = (): void => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    const { peer, sink } = dial(t, gatewayAt(far.port, 'raw'));
    await sink.waitFor('Connected');
    sink.accepting = false;
    // The chunk that was refused is the caller's still; none may follow it.
    await until('a refused chunk', () => sink.refused > 0);
    const held = sink.bytes.length;
    await sleep(200);
    assert.equal(sink.bytes.length, held, 'nothing read while the caller is backed up');
    assert.equal(sink.refused, 1);
    sink.accepting = true;
    peer.resume();
    await until('more data after resume', () => sink.bytes.length > held);
  });

  void it('a far board that hangs up at once, before any key, turned the call away: failed, quoting its busy line', async (t) => {
    const far = await farServer(t, (s) => s.end('\x1b[31mBUSY\x1b[0m: Far Board has no free line.\r\nNO CARRIER\r\n'));
    const { sink } = dial(t, gatewayAt(far.port, 'telnet'));
    const outcome = await sink.ended();
    assert.equal(outcome.how, 'failed');
    assert.equal(outcome.note, 'Far Board hung up at once: "BUSY: Far Board has no free line."');
    assert.match(sink.text(), /NO CARRIER/, 'the caller saw the busy screen itself too');
  });

  void it('a far board that hangs up after the caller typed ended a visit: exit', async (t) => {
    let hangUp = (): void => {};
    const far = await farServer(t, (s) => (hangUp = () => s.end('bye\r\n')));
    const { peer, sink } = dial(t, gatewayAt(far.port, 'raw'));
    await sink.waitFor('Connected');
    peer.input(Buffer.from('g'));
    await until('the key at the far end', () => far.sockets[0]!.bytesRead > 0);
    hangUp();
    assert.deepEqual(await sink.ended(), { how: 'exit' });
    assert.match(sink.text(), /bye/);
  });

  void it('a far board that never reads what the caller types ends the call through it, bounded', async (t) => {
    const far = await farServer(t, (s) => s.pause());
    const { peer, sink } = dial(t, gatewayAt(far.port, 'raw'), { maxUnsentBytes: 64 * 1024 });
    await sink.waitFor('Connected');
    const block = Buffer.alloc(16 * 1024, 0x61);
    for (let i = 0; i < 1000 && sink.outcome === null; i++) {
      peer.input(block);
      await sleep(1);
    }
    const outcome = await sink.ended();
    assert.equal(outcome.how, 'failed');
    assert.equal(outcome.note, 'Far Board stopped reading what you type.');
  });

  void it('a refused connection fails with a clear note', async (t) => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const { sink } = dial(t, gatewayAt(port, 'telnet'));
    const outcome = await sink.ended();
    assert.equal(outcome.how, 'failed');
    assert.equal(outcome.note, 'Far Board refused the connection: it is not taking calls right now.');
    assert.match(outcome.detail ?? '', /127\.0\.0\.1:\d+ ECONNREFUSED/);
  });

  void it('an address that does not resolve fails with a clear note', async (t) => {
    const { sink } = dial(t, gatewayAt(23, 'telnet', 'no-such-board.invalid'), { connectTimeoutMs: 8000 });
    const outcome = await sink.ended(10_000);
    assert.equal(outcome.how, 'failed');
    assert.equal(outcome.note, 'Far Board could not be found: its address does not resolve.');
  });

  void it('a board that never answers fails after the connect timeout', async (t) => {
    const port = await listenerThatNeverAccepts(t);
    const { sink } = dial(t, gatewayAt(port, 'telnet'), { connectTimeoutMs: 400 });
    const outcome = await sink.ended();
    assert.equal(outcome.how, 'failed');
    assert.equal(outcome.note, 'Far Board did not answer within 0.4 s.');
    assert.equal(sink.bytes.length, 0, 'no "Connected" line');
  });

  void it('a hang-up while connecting ends it once, as a hang-up, and nothing follows', async (t) => {
    const port = await listenerThatNeverAccepts(t);
    const { peer, sink } = dial(t, gatewayAt(port, 'telnet'), { connectTimeoutMs: 400 });
    peer.stop('hangup');
    peer.input(Buffer.from('x'));
    peer.resize(90, 20);
    peer.resume();
    await sleep(600);
    assert.deepEqual(sink.outcome, { how: 'hangup' });
    assert.equal(sink.broken, 0);
  });

  void it('tells the far board ANSI for a CP437 terminal, else the caller\'s own type', () => {
    assert.equal(terminalTypeFor({ ansiBbs: true, termType: 'syncterm' }), 'ANSI');
    assert.equal(terminalTypeFor({ ansiBbs: false, termType: 'xterm-256color' }), 'XTERM-256COLOR');
    assert.equal(terminalTypeFor({ ansiBbs: false, termType: '' }), 'XTERM');
  });
});

/**
 * A listening port whose handshakes stall: a worker thread listens with a
 * small backlog and then blocks, so it never accepts; once a few connections
 * fill its queue the kernel drops every further SYN, as a blackholed host does.
 */
async function listenerThatNeverAccepts(t: TestContext): Promise<number> {
  const release = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { createServer } = require('node:net');
     const { parentPort, workerData } = require('node:worker_threads');
     const server = createServer();
     server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
       parentPort.postMessage(server.address().port);
       Atomics.wait(workerData, 0, 0, 30000);
       server.close();
     });`,
    { eval: true, workerData: release },
  );
  const [port] = (await once(worker, 'message')) as [number];
  // However deep the kernel makes the queue, fill it: the first connection that stalls shows it is full.
  const fillers: Socket[] = [];
  for (let i = 0; i < 16; i++) {
    const filler = connect(port, '127.0.0.1');
    filler.on('error', () => {});
    fillers.push(filler);
    const done = await Promise.race([once(filler, 'connect').then(() => true), sleep(300).then(() => false)]);
    if (!done) break;
  }
  t.after(async () => {
    for (const f of fillers) f.destroy();
    Atomics.store(release, 0, 1);
    Atomics.notify(release, 0);
    await worker.terminate();
  });
  return port;
}
