import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { createLogger } from '../../../src/logger.js';
import type { ConnectionGate, RunningListener } from '../../../src/transports/listener.js';
import { MAX_REFUSALS_IN_FLIGHT, REFUSAL_GRACE_MS } from '../../../src/transports/limits/refused-sockets.js';
import { END_GRACE_MS, listenTcp, type TcpListenerOptions } from '../../../src/transports/tcp-listener.js';
import { until } from '../../helpers/until.js';

/** Every wait is short: a hang fails the test instead of stalling the suite. */
const STEP_MS = 1500;

const refuseAll: ConnectionGate = { tryAcquire: () => ({ ok: false, reason: 'The board is full right now.' }) };

function within<T>(what: string, promise: Promise<T>, ms = STEP_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function start(overrides: Partial<TcpListenerOptions> = {}, logs: string[] = []): Promise<RunningListener> {
  return listenTcp({
    transport: 'test',
    host: '127.0.0.1',
    port: 0,
    log: createLogger({ format: 'json', write: (line) => logs.push(line) }),
    refusal: (reason) => `<${reason}>\r\n`,
    onConnection: () => {},
    ...overrides,
  });
}

/** A peer that collects what it reads; `allowHalfOpen` keeps it from answering our FIN, as a stuck client would. */
function dial(port: number, host = '127.0.0.1', allowHalfOpen = false): { socket: Socket; text: () => string; closed: Promise<void> } {
  const socket = connect({ port, host, allowHalfOpen });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, text: () => Buffer.concat(chunks).toString('latin1'), closed };
}

void describe('shared TCP listener', () => {
  void it('tells a refused caller why in one line, logs it, then hangs up', async () => {
    const logs: string[] = [];
    const listener = await start({ gate: refuseAll }, logs);
    try {
      const peer = dial(listener.address.port);
      await within('refusal', peer.closed);
      assert.equal(peer.text(), '<The board is full right now.>\r\n');
      const line = logs.find((l) => l.includes('refused a connection from 127.0.0.1'));
      assert.ok(line, logs.join('\n'));
      assert.match(line, /"transport":"test"/);
      assert.match(line, /"reason":"The board is full right now\."/);
    } finally {
      await listener.close();
    }
  });

  void it('cuts a refused caller who holds the line open as soon as the listener closes', async () => {
    const listener = await start({ gate: refuseAll });
    const peer = dial(listener.address.port, '127.0.0.1', true);
    await within('refusal read', new Promise<void>((resolve) => peer.socket.once('end', () => resolve())));
    // The port is only released once the server holds no socket: well before the two-second grace runs out.
    await within('close', listener.close(), 1000);
    peer.socket.destroy();
  });

  void it('cuts a refused caller who will not hang up once the short refusal grace runs out', async () => {
    const listener = await start({ gate: refuseAll });
    try {
      const peer = dial(listener.address.port, '127.0.0.1', true);
      const started = Date.now();
      keepTalking(peer.socket);
      await within('refusal read', new Promise<void>((resolve) => peer.socket.once('end', () => resolve())));
      await within('cut', peer.closed, REFUSAL_GRACE_MS + 500);
      assert.ok(Date.now() - started >= REFUSAL_GRACE_MS - 50, 'the refusal had its grace');
      assert.equal(peer.text(), '<The board is full right now.>\r\n');
    } finally {
      await listener.close();
    }
  });

  void it('cuts refused callers at once, unanswered, while too many refusals are in flight', async () => {
    const listener = await start({ gate: refuseAll });
    const peers = Array.from({ length: MAX_REFUSALS_IN_FLIGHT + 20 }, () => dial(listener.address.port, '127.0.0.1', true));
    for (const p of peers) keepTalking(p.socket);
    try {
      // Every peer is gone well before the refusal grace would have let the last of them go.
      await within('all closed', Promise.all(peers.map((p) => p.closed)), REFUSAL_GRACE_MS + 1000);
      const answered = peers.filter((p) => p.text().length > 0).length;
      const cut = peers.length - answered;
      assert.ok(answered >= MAX_REFUSALS_IN_FLIGHT / 2, `${answered} answered`);
      assert.ok(cut >= 20, `${cut} cut unanswered`);
    } finally {
      for (const p of peers) p.socket.destroy();
      await listener.close();
    }
  });

  void it('gives the gate the plain IPv4 address of a caller on a dual-stack socket', async (t) => {
    const seen: string[] = [];
    const gate: ConnectionGate = { tryAcquire: (remote) => (seen.push(remote), { ok: true, release: () => {} }) };
    let listener: RunningListener;
    try {
      listener = await start({ host: '::', gate });
    } catch {
      t.skip('no IPv6 on this host');
      return;
    }
    try {
      const peer = dial(listener.address.port, '127.0.0.1');
      await within('admitted', new Promise<void>((resolve) => peer.socket.once('connect', () => resolve())));
      await waitFor('gate asked', () => seen.length === 1);
      assert.deepEqual(seen, ['127.0.0.1']);
    } finally {
      await listener.close();
    }
  });

  void it('close resolves only after each call has been hung up its own way and its socket has closed', async () => {
    const order: string[] = [];
    let released = 0;
    const gate: ConnectionGate = { tryAcquire: () => ({ ok: true, release: () => void released++ }) };
    const listener = await start({
      gate,
      onConnection: (socket) => {
        order.push('served');
        socket.once('close', () => order.push('call hung up'));
        // A transport that says goodbye first and ends the line a little later.
        return () => {
          order.push('shutdown');
          socket.write('bye\r\n');
          setTimeout(() => socket.end(), 200);
        };
      },
    });
    const peer = dial(listener.address.port);
    await waitFor('served', () => order.length === 1);
    const started = Date.now();
    await within('close', listener.close().then(() => order.push('closed')));
    assert.deepEqual(order, ['served', 'shutdown', 'call hung up', 'closed']);
    assert.ok(Date.now() - started >= 150, 'close waited for the call');
    assert.equal(released, 1);
    assert.equal(peer.text(), 'bye\r\n');
    await within('peer closed', peer.closed);
  });

  void it('without a hangup of its own, a caller is ended, and one who never answers is cut after the grace', async () => {
    let served = 0;
    const listener = await start({ onConnection: () => void served++ });
    const polite = dial(listener.address.port);
    const stuck = dial(listener.address.port, '127.0.0.1', true);
    await waitFor('served', () => served === 2);
    const started = Date.now();
    await within('close', listener.close(), 2 * END_GRACE_MS);
    assert.ok(Date.now() - started >= END_GRACE_MS - 100, 'close waited out the grace for the stuck caller');
    await within('polite peer closed', polite.closed);
    stuck.socket.destroy();
  });

  void it('close is idempotent: a second call gets the same promise, and the port is free after', async () => {
    const listener = await start();
    const first = listener.close();
    assert.equal(listener.close(), first);
    await within('close', first);
    const late = dial(listener.address.port);
    await within('connect refused', late.closed);
  });
});

/** A half-open peer only learns its socket was cut when it writes: keep writing until the reset comes. */
function keepTalking(socket: Socket): void {
  const timer = setInterval(() => socket.write('x'), 50);
  socket.once('close', () => clearInterval(timer));
}

/** Until `done`, then one more turn of the event loop for what follows from it. */
async function waitFor(what: string, done: () => boolean): Promise<void> {
  await until(what, done, STEP_MS);
  await new Promise((r) => setImmediate(r));
}
