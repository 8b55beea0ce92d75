import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { askBoard } from '../../src/control/client.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import type { PtyProcess } from '../helpers/pty.js';
import { dialSsh, identity, SSH, SSH_INSTALL, sshOptions } from '../helpers/ssh-client.js';
import { requireTool } from '../helpers/tools.js';
import { until } from '../helpers/until.js';

// One line, so a second caller hears the busy signal; the shortest login grace, so a silent caller times out.
let board: BoardProcess;
const clients: PtyProcess[] = [];

before(async () => {
  board = await startBoardProcess({ args: ['--lines', '1'], env: { BBS_LOGIN_GRACE: '10' } });
});
after(async () => {
  for (const c of clients) c.kill();
  await board.stop();
});

function dial(): PtyProcess {
  const c = dialSsh(board.ports.ssh!, 'bbs', { extra: identity(null) });
  clients.push(c);
  return c;
}

/** The one line is free again (the last call's end reached the gateway). */
async function lineFree(): Promise<void> {
  await until('the line to be free', async () => {
    const who = await askBoard(board.data, { cmd: 'who' });
    return who.ok && who.callers?.length === 0;
  }, 5000, 50);
}

function needSsh(t: TestContext): boolean {
  return requireTool(t, SSH(), 'the ssh client', SSH_INSTALL);
}

test('ssh exits 2 after the busy signal and 3 after a kick', { timeout: 30_000 }, async (t) => {
  if (!needSsh(t)) return;
  await lineFree();
  const holder = dial();
  await holder.expect("Who's calling?");
  const second = dial();
  await second.expect('BUSY');
  await second.expect(/: its one line is in use right now\./);
  assert.equal(await second.exited, 2, 'every line busy');

  const who = await askBoard(board.data, { cmd: 'who' });
  assert.ok(who.ok && who.callers?.length === 1);
  const kicked = await askBoard(board.data, { cmd: 'kick', sessionId: who.callers[0]!.sessionId, by: 'sysop' });
  assert.ok(kicked.ok);
  assert.equal(await holder.exited, 3, 'kicked by the sysop');
});

test('ssh exits 4 when a banned account tries to log in', { timeout: 30_000 }, async (t) => {
  if (!needSsh(t)) return;
  const store = openSqliteStore(join(board.data, 'bbs.db'));
  try {
    const made = await store.users.create('Outcast', 'outcast-pass');
    assert.ok(made.ok);
    await store.users.setBanned(made.user.id, true);
  } finally {
    await store.close();
  }
  await lineFree();
  const c = dial();
  await c.expect("Who's calling?");
  c.line('Outcast');
  await c.expect('Password:');
  c.line('outcast-pass');
  assert.equal(await c.exited, 4, 'refused: banned');
});

test("the sysop's call log names the banned account that tried to call", { timeout: 30_000 }, async (t) => {
  if (!needSsh(t)) return;
  const store = openSqliteStore(join(board.data, 'bbs.db'));
  try {
    const made = await store.users.create('sysop', 'sysop-pass');
    assert.ok(made.ok);
    await store.users.setLevel(made.user.id, 'sysop');
  } finally {
    await store.close();
  }
  await lineFree();
  const c = dial();
  try {
    await c.expect("Who's calling?");
    c.line('sysop');
    await c.expect('Password:');
    c.line('sysop-pass');
    await c.expect('go on?');
    c.send('y');
    await c.expect('MAIN MENU');
    c.send('!');
    await c.expect('SYSOP MENU');
    c.send('l');
    // The row of the banned attempt: its name, not "-", and how it ended.
    await c.expect(/ Outcast +SSH +127\.0\.0\.1 +\S+ +banned/);
  } finally {
    c.kill();
  }
});

test('ssh exits 5 when the caller sits at the name prompt past the login grace', { timeout: 30_000 }, async (t) => {
  if (!needSsh(t)) return;
  await lineFree();
  const c = dial();
  await c.expect("Who's calling?");
  assert.equal(await c.exited, 5, 'timed out');
});

test('ssh -T with stdin at end of file hangs up at once and frees the line', { timeout: 30_000 }, async (t) => {
  if (!needSsh(t)) return;
  await lineFree();
  const started = Date.now();
  // stdin is /dev/null, as with `ssh -T bbs@host < /dev/null`.
  const child = spawn('ssh', ['-T', ...sshOptions(board.ports.ssh!, identity(null)), 'bbs@127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  assert.equal(code, 0, `ssh -T < /dev/null should end by itself with 0:\n${out}`);
  assert.ok(Date.now() - started < 8000);
  await lineFree();
});
