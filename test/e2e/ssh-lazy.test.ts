import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { dialSsh, SSH, SSH_INSTALL } from '../helpers/ssh-client.js';
import { startSshBoard } from '../helpers/ssh-board.js';
import { heldLoad } from '../helpers/held-load.js';
import { requireTool } from '../helpers/tools.js';
import { SSH_UNAVAILABLE } from '../../src/transports/ssh/ssh-transport.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { until } from '../helpers/until.js';

/**
 * ssh2 is loaded when the first SSH caller arrives, not when the board
 * starts. Callers who come while it loads wait for it; if it cannot be
 * loaded they are told so, and the board carries on.
 */

const serverModule = (): Promise<typeof import('../../src/transports/ssh/ssh-server.js')> => import('../../src/transports/ssh/ssh-server.js');

/** A raw TCP caller: what it reads, and when the board hangs up. */
function rawCaller(port: number): { socket: Socket; text: () => string; closed: Promise<void> } {
  let text = '';
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, text: () => text, closed };
}

test('callers who arrive while ssh2 is still loading wait for it, and every one reaches the board', { timeout: 30_000 }, async (t) => {
  const ssh2 = heldLoad(serverModule);
  const board = await startSshBoard({ loadServer: ssh2.load });
  const raws: Array<ReturnType<typeof rawCaller>> = [];
  const client = SSH() ? dialSsh(board.port, 'bbs') : null;
  try {
    raws.push(rawCaller(board.port), rawCaller(board.port));
    await until('the load to start', () => ssh2.calls === 1, 10_000);
    // Give every caller time to be accepted and left waiting, then let ssh2 arrive.
    await sleep(300);
    assert.deepEqual(
      raws.map((r) => r.text()),
      ['', ''],
      'nothing is said before the server exists',
    );
    ssh2.release();
    await until('every raw caller to get the version line', () => raws.every((r) => r.text().startsWith('SSH-2.0-')), 10_000);
    if (client) await client.expect("Who's calling?", 10_000);
    else t.diagnostic(`the ssh client is missing (${SSH_INSTALL}): only raw callers were checked`);
    assert.equal(ssh2.calls, 1, 'one load for all of them');

    // Later callers go straight to the server that is now running.
    const later = rawCaller(board.port);
    raws.push(later);
    await until('a later caller to get the version line', () => later.text().startsWith('SSH-2.0-'), 10_000);
    assert.equal(ssh2.calls, 1);
    assert.deepEqual(
      board.logs.filter((l) => l.startsWith('error ')),
      [],
    );
  } finally {
    client?.kill();
    for (const r of raws) r.socket.destroy();
    await board.stop();
  }
});

test('when ssh2 cannot be loaded the caller is told why and the board carries on; the next caller tries again', { timeout: 30_000 }, async (t) => {
  let loads = 0;
  const board = await startSshBoard({
    loadServer: async () => {
      if (++loads === 1) throw new Error('Cannot find module ssh2');
      return serverModule();
    },
  });
  const raws: Array<ReturnType<typeof rawCaller>> = [];
  try {
    const refused = rawCaller(board.port);
    raws.push(refused);
    await refused.closed;
    assert.equal(refused.text(), `${SSH_UNAVAILABLE}\r\n`);
    const logged = board.logs.find((l) => l.startsWith('error ssh server could not start'));
    assert.ok(logged, `the cause is logged:\n${board.logs.join('\n')}`);
    assert.match(logged, /Cannot find module ssh2/);

    const next = rawCaller(board.port);
    raws.push(next);
    await until('the next caller to get the version line', () => next.text().startsWith('SSH-2.0-'), 10_000);
    assert.equal(loads, 2);
    if (requireTool(t, SSH(), 'the ssh client', SSH_INSTALL)) {
      const client = dialSsh(board.port, 'bbs');
      try {
        await client.expect("Who's calling?", 10_000);
      } finally {
        client.kill();
      }
    }
  } finally {
    for (const r of raws) r.socket.destroy();
    await board.stop();
  }
});

test('host keys ssh2 cannot use refuse callers with a reason instead of taking the board down', { timeout: 30_000 }, async () => {
  const board = await startSshBoard({
    // As if a key passed the check at start but ssh2 would not take it.
    loadServer: async () => {
      const real = await serverModule();
      return { ...real, createSshServer: (_keys, ...rest) => real.createSshServer([Buffer.from('not a key')], ...rest) };
    },
  });
  const raws: Array<ReturnType<typeof rawCaller>> = [];
  try {
    for (let i = 0; i < 2; i++) {
      const caller = rawCaller(board.port);
      raws.push(caller);
      await caller.closed;
      assert.equal(caller.text(), `${SSH_UNAVAILABLE}\r\n`);
    }
    assert.equal(board.logs.filter((l) => l.startsWith('error ssh server could not start')).length, 2);
    assert.match(board.logs.find((l) => l.startsWith('error '))!, /Cannot parse privateKey/);
  } finally {
    for (const r of raws) r.socket.destroy();
    await board.stop();
  }
});
