import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { PtyProcess } from '../helpers/pty.js';
import { dialSsh, identity, run, SSH, SSH_INSTALL, sshOptions } from '../helpers/ssh-client.js';
import { startSshBoard, type SshBoard } from '../helpers/ssh-board.js';
import { requireTool } from '../helpers/tools.js';
import { ConnectionLimiter } from '../../src/transports/limits/connection-limiter.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { until } from '../helpers/until.js';

const GRACE_MS = 3000;
const PER_ADDRESS = 3;

let board: SshBoard;
const clients: PtyProcess[] = [];
const sockets: Socket[] = [];

before(async () => {
  board = await startSshBoard({
    preauthTimeoutMs: GRACE_MS,
    gate: new ConnectionLimiter({ perAddress: PER_ADDRESS, total: 100 }),
    passwordBackoff: false,
  });
});
after(async () => {
  // A failed step is easier to read next to what the board itself logged as wrong.
  const errors = board.logs.filter((l) => l.startsWith('error '));
  if (errors.length > 0) console.error(`board errors:\n${errors.join('\n')}`);
  for (const c of clients) c.kill();
  for (const s of sockets) s.destroy();
  await board.stop();
});

function needSsh(t: TestContext): boolean {
  return requireTool(t, SSH(), 'the ssh client', SSH_INSTALL);
}

/** A raw TCP connection that says nothing: what it reads and when the board closes it. */
function silent(localAddress = '127.0.0.1'): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let text = '';
    const socket = connect({ host: '127.0.0.1', port: board.port, localAddress });
    sockets.push(socket);
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, received: () => text, closed }));
  });
}

test('a connection that never authenticates is cut off at the grace time', { timeout: 20_000 }, async () => {
  const quiet = await silent();
  const elapsed = await quiet.closed;
  assert.ok(elapsed >= GRACE_MS - 100 && elapsed < GRACE_MS + 2000, `closed after ${elapsed} ms`);
  assert.match(quiet.received(), /^SSH-2\.0-/, 'it was served (the version line) before it was cut');
});

test('a real client left at the password prompt is cut off at the grace time', { timeout: 20_000 }, async (t) => {
  if (!needSsh(t)) return;
  await board.store.users.create('Slowpoke', 'slow-pass');
  const c = track(dialSsh(board.port, 'Slowpoke', { extra: identity(null) }));
  const cutBefore = timeouts();
  await c.expect('Password:');
  // OpenSSH sits in its password prompt and only notices the line is dead when it next writes.
  await until('the board to cut the line', () => timeouts() > cutBefore, GRACE_MS + 3000);
  c.line('too-late');
  const code = await Promise.race([c.exited, sleep(5000, 'hung' as const)]);
  assert.equal(code, 255, 'ssh found the connection closed');
  assert.equal(board.runner.sessions().length, 0, 'no call was ever placed');
});

test('more than six wrong passwords on one connection end it', { timeout: 60_000 }, async (t) => {
  if (!needSsh(t)) return;
  // Its own board with the default deadline, so only the attempt count can end the connection.
  const patient = await startSshBoard({ passwordBackoff: false });
  try {
    await patient.store.users.create('Target', 'right-pass');
    const c = track(dialSsh(patient.port, 'Target', { extra: [...identity(null), '-o', 'NumberOfPasswordPrompts=20'] }));
    let prompts = 0;
    while (prompts < 20) {
      const next = await Promise.race([c.expect('Password:', 10_000).then(() => 'prompt'), c.exited.then(() => 'gone')]).catch(() => 'gone');
      if (next === 'gone') break;
      prompts++;
      c.line(`wrong-${prompts}`);
    }
    assert.equal(await c.exited, 255);
    assert.equal(prompts, 6, `the client was asked ${prompts} times`);
    assert.ok(patient.logs.some((l) => l.includes('too many ssh authentication failures')));
  } finally {
    await patient.stop();
  }
});

test('a flood from one address is capped while a caller from another address is served', { timeout: 30_000 }, async (t) => {
  if (!needSsh(t)) return;
  // Someone already on the board, from another address.
  const other = track(dialSsh(board.port, 'bbs', { extra: [...identity(null), '-b', '127.0.0.2'] }));
  await other.expect("Who's calling?");

  const held = await Promise.all(Array.from({ length: PER_ADDRESS }, () => silent()));
  await until('the held connections to be served', () => held.every((h) => h.received().startsWith('SSH-2.0-')));
  const refused = await silent();
  await refused.closed;
  assert.match(refused.received(), /Too many connections from your address/);
  assert.doesNotMatch(refused.received(), /SSH-2\.0-/, 'no key exchange is spent on a refused caller');
  const realRefused = await run('ssh', [...sshOptions(board.port, identity(null)), 'bbs@127.0.0.1', 'motd']);
  assert.equal(realRefused.code, 255);

  const fromElsewhere = await run('ssh', [...sshOptions(board.port, [...identity(null), '-b', '127.0.0.2']), 'bbs@127.0.0.1', 'motd']);
  assert.equal(fromElsewhere.code, 0, fromElsewhere.stderr);
  other.line('Steady');
  await other.expect('No one here goes by Steady');

  // The held connections time out, and their address may call again.
  await Promise.all(held.map((h) => h.closed));
  const again = await run('ssh', [...sshOptions(board.port, identity(null)), 'bbs@127.0.0.1', 'motd']);
  assert.equal(again.code, 0, again.stderr);
  other.kill();
});

function timeouts(): number {
  return board.logs.filter((l) => l.includes('timed out before reaching the board')).length;
}

function track(c: PtyProcess): PtyProcess {
  clients.push(c);
  return c;
}
