import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKeyCommand } from '../../src/cli/key.js';
import type { PtyProcess } from '../helpers/pty.js';
import { dialSsh, identity, keygenFingerprint, run, SFTP, SSH, SSH_INSTALL, SSH_KEYGEN, SSHPASS, sshKeygen, sshOptions, TMUX } from '../helpers/ssh-client.js';
import { startSshBoard, TEST_MOTD, type SshBoard } from '../helpers/ssh-board.js';
import { requireTool } from '../helpers/tools.js';
import { until, type Truthy } from '../helpers/until.js';

let board: SshBoard;
let keys: string;
const clients: PtyProcess[] = [];

before(async () => {
  board = await startSshBoard();
  keys = await mkdtemp(join(tmpdir(), 'bbs-ssh-keys-'));
});
after(async () => {
  // A failed step is easier to read next to what the board itself logged as wrong.
  const errors = board.logs.filter((l) => l.startsWith('error '));
  if (errors.length > 0) console.error(`board errors:\n${errors.join('\n')}`);
  for (const c of clients) c.kill();
  await board.stop();
  await rm(keys, { recursive: true, force: true });
});

function needClients(t: TestContext, ...tools: Array<'ssh' | 'sshpass' | 'sftp' | 'ssh-keygen' | 'tmux'>): boolean {
  const find = { ssh: SSH, sshpass: SSHPASS, sftp: SFTP, 'ssh-keygen': SSH_KEYGEN, tmux: TMUX };
  for (const tool of tools) {
    const install = tool === 'tmux' ? 'apt-get install tmux' : SSH_INSTALL;
    if (!requireTool(t, find[tool](), `the ${tool} client`, install)) return false;
  }
  return true;
}

function caller(c: PtyProcess): PtyProcess {
  clients.push(c);
  return c;
}

let keyCount = 0;
/** A fresh ed25519 key pair and its fingerprint as ssh-keygen prints it. */
async function makeKey(): Promise<{ path: string; pub: string; fingerprint: string }> {
  const path = join(keys, `id_${++keyCount}`);
  await sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', `test key ${keyCount}`, '-f', path]);
  return { path, pub: `${path}.pub`, fingerprint: await keygenFingerprint(`${path}.pub`) };
}

function waitFor<T>(what: string, fn: () => T, timeoutMs = 5000): Promise<Truthy<T>> {
  return until(what, fn, timeoutMs, 25);
}

function sessionOf(name: string) {
  return board.runner.sessions().find((s) => s.transport === 'ssh' && s.user?.name === name);
}

async function quitFromMenu(c: PtyProcess, name: string): Promise<void> {
  c.send('q');
  await c.expect('Log off?');
  c.send('y');
  await c.expect(`So long, ${name}`);
  assert.equal(await c.exited, 0, 'ssh ends with the exit status the board sent');
}

test('anonymous ssh bbs@host meets the board login and registers; the pty sets the terminal', { timeout: 30_000 }, async (t) => {
  if (!needClients(t, 'ssh')) return;
  const c = caller(dialSsh(board.port, 'bbs'));
  await c.expect("Who's calling?");
  const calling = await waitFor('the call', () => board.runner.sessions().find((s) => s.transport === 'ssh' && !s.user));
  assert.deepEqual([calling.terminal.cols, calling.terminal.rows, calling.terminal.termType, calling.terminal.colorLevel], [80, 24, 'xterm-256color', 2]);
  c.line('Newcomer');
  await c.expect('No one here goes by Newcomer');
  await c.expect('Password:');
  c.line('fresh-pass');
  await c.expect('once more');
  c.line('fresh-pass');
  await c.expect('Your account is ready');
  await c.expect('go on?');
  c.send('y');
  await c.expect('MAIN MENU');
  assert.ok(await board.store.users.findByName('Newcomer'));
  await quitFromMenu(c, 'Newcomer');
  const hangups = board.inputs.get(calling.id)!.filter((e) => e.type === 'hangup');
  assert.equal(hangups.length, 1, 'the conversation hears the line drop exactly once');
});

test('ssh NAME@host with the password goes straight to the news, never asking who is calling', { timeout: 30_000 }, async (t) => {
  if (!needClients(t, 'ssh', 'sshpass')) return;
  await board.store.users.create('Alice', 'wonderland');
  const c = caller(dialSsh(board.port, 'Alice', { password: 'wonderland', extra: identity(null) }));
  await c.expect(TEST_MOTD);
  await c.expect('go on?');
  assert.doesNotMatch(c.text(), /Who's calling/);
  c.send('y');
  await c.expect('MAIN MENU');
  const alice = (await board.store.users.findByName('Alice'))!;
  assert.deepEqual(sessionOf('Alice')?.user, { id: alice.id, name: 'Alice', level: alice.level });
  await quitFromMenu(c, 'Alice');
});

test('a wrong password, an unknown name or a banned account never gets in, and no account is made', { timeout: 30_000 }, async (t) => {
  if (!needClients(t, 'ssh', 'sshpass')) return;
  await board.store.users.create('Mallory', 'correct-horse');
  const banned = await board.store.users.create('Banned', 'still-works');
  assert.ok(banned.ok);
  await board.store.users.setBanned(banned.user.id, true);
  const attempt = (user: string, password: string) =>
    run('sshpass', ['-p', password, 'ssh', ...sshOptions(board.port, identity(null)), '-o', 'NumberOfPasswordPrompts=1', `${user}@127.0.0.1`, 'who']);
  for (const [user, password] of [['Mallory', 'wrong-horse'], ['Ghost', 'whatever'], ['Banned', 'still-works']] as const) {
    const r = await attempt(user, password);
    assert.notEqual(r.code, 0, `${user} got in`);
    assert.doesNotMatch(r.stdout, /callers? online|Nobody/);
  }
  assert.equal(await board.store.users.findByName('Ghost'), null);
});

test('an unknown key falls back to the password; the board offers to link it; then the key alone logs in', { timeout: 40_000 }, async (t) => {
  if (!needClients(t, 'ssh', 'sshpass', 'ssh-keygen')) return;
  await board.store.users.create('Carol', 'carol-pass');
  const key = await makeKey();

  const keyOnly = ['-o', 'PreferredAuthentications=publickey', '-o', 'BatchMode=yes', ...identity(key.path)];
  const refused = await run('ssh', [...sshOptions(board.port, keyOnly), 'Carol@127.0.0.1', 'who']);
  assert.equal(refused.code, 255, 'an unlinked key alone is refused');
  assert.match(refused.stderr, /Permission denied/);

  const first = caller(dialSsh(board.port, 'Carol', { password: 'carol-pass', extra: identity(key.path) }));
  await first.expect('Link this key to your account');
  assert.ok(first.text().includes(key.fingerprint), 'the offer names the fingerprint the client shows');
  first.send('y');
  await first.expect('Key linked');
  await first.expect('go on?');
  first.send('y');
  await first.expect('MAIN MENU');
  await quitFromMenu(first, 'Carol');
  const carol = (await board.store.users.findByName('Carol'))!;
  const linked = await board.store.sshKeys.listForUser(carol.id);
  assert.deepEqual(linked.map((k) => [k.fingerprint, k.algo]), [[key.fingerprint, 'ssh-ed25519']]);

  const again = caller(dialSsh(board.port, 'Carol', { extra: keyOnly }));
  await again.expect('go on?');
  assert.doesNotMatch(again.text(), /Password:|Link this key/);
  again.send('y');
  await again.expect('MAIN MENU');
  await quitFromMenu(again, 'Carol');
});

test('a key added with bbs key logs its owner in without a password until it is removed', { timeout: 40_000 }, async (t) => {
  if (!needClients(t, 'ssh', 'ssh-keygen')) return;
  await board.store.users.create('Dave', 'dave-pass');
  const key = await makeKey();
  const out: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), readStdin: () => Promise.resolve('') };
  assert.equal(await runKeyCommand(['add', 'Dave', key.pub, '--data', board.data], io, {}), 0, out.join('\n'));

  const keyOnly = ['-o', 'PreferredAuthentications=publickey', '-o', 'BatchMode=yes', ...identity(key.path)];
  const c = caller(dialSsh(board.port, 'Dave', { extra: keyOnly }));
  await c.expect('go on?');
  c.send('y');
  await c.expect('MAIN MENU');
  await quitFromMenu(c, 'Dave');
  // The same key for another name is not that name's key.
  await board.store.users.create('Erin', 'erin-pass');
  const asErin = await run('ssh', [...sshOptions(board.port, keyOnly), 'Erin@127.0.0.1', 'who']);
  assert.equal(asErin.code, 255);

  assert.equal(await runKeyCommand(['remove', 'Dave', key.fingerprint, '--data', board.data], io, {}), 0, out.join('\n'));
  const gone = await run('ssh', [...sshOptions(board.port, keyOnly), 'Dave@127.0.0.1', 'who']);
  assert.equal(gone.code, 255, 'a removed key no longer logs in');
  assert.match(gone.stderr, /Permission denied/);
});

test('who, motd and help answer as commands; an unknown command fails with status 127', { timeout: 30_000 }, async (t) => {
  if (!needClients(t, 'ssh', 'sshpass')) return;
  await board.store.users.create('Watcher', 'watch-pass');
  const online = caller(dialSsh(board.port, 'Watcher', { password: 'watch-pass', extra: identity(null) }));
  await online.expect('go on?');
  await waitFor('Watcher online', () => sessionOf('Watcher'));

  const who = await run('ssh', [...sshOptions(board.port, identity(null)), 'bbs@127.0.0.1', 'who']);
  assert.equal(who.code, 0, who.stderr);
  assert.match(who.stdout, /^ *Node +Name +Via +Doing/m);
  assert.match(who.stdout, /Watcher +SSH +reading the news/);

  const motd = await run('ssh', [...sshOptions(board.port, identity(null)), 'bbs@127.0.0.1', 'motd']);
  assert.deepEqual([motd.code, motd.stdout], [0, TEST_MOTD + '\n']);

  const help = await run('ssh', [...sshOptions(board.port, identity(null)), 'bbs@127.0.0.1', 'help']);
  assert.equal(help.code, 0);
  for (const name of ['who', 'motd', 'help']) assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));

  const unknown = await run('ssh', [...sshOptions(board.port, identity(null)), 'bbs@127.0.0.1', 'cat /etc/passwd']);
  assert.equal(unknown.code, 127);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /unknown command 'cat \/etc\/passwd'/);
  online.kill();
});

test('sftp, port forwarding and old key exchange are refused', { timeout: 30_000 }, async (t) => {
  if (!needClients(t, 'ssh', 'sftp')) return;
  const sftp = await run('sftp', ['-F', '/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-P', String(board.port), '-b', '-', 'bbs@127.0.0.1']);
  assert.notEqual(sftp.code, 0);
  assert.match(sftp.stderr, /subsystem request failed/);

  const remoteForward = await run('ssh', [...sshOptions(board.port, ['-o', 'ExitOnForwardFailure=yes', '-N', '-R', '0:127.0.0.1:22']), 'bbs@127.0.0.1']);
  assert.equal(remoteForward.code, 255);
  assert.match(remoteForward.stderr, /remote port forwarding failed/);

  const direct = await run('ssh', [...sshOptions(board.port, ['-W', '127.0.0.1:22']), 'bbs@127.0.0.1']);
  assert.notEqual(direct.code, 0);
  assert.match(direct.stderr, /stdio forwarding failed|open failed/);

  const oldKex = await run('ssh', [...sshOptions(board.port, ['-o', 'KexAlgorithms=diffie-hellman-group14-sha256'], 'INFO'), 'bbs@127.0.0.1', 'who']);
  assert.equal(oldKex.code, 255);
  assert.match(oldKex.stderr, /no matching key exchange method/);
});

test('the client sees the host key fingerprint the board printed, after a curve25519 key exchange', { timeout: 20_000 }, async (t) => {
  if (!needClients(t, 'ssh')) return;
  const r = await run('ssh', [...sshOptions(board.port, identity(null), 'DEBUG1'), 'bbs@127.0.0.1', 'motd']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /kex: algorithm: curve25519-sha256/);
  assert.ok(r.stderr.includes(`Server host key: ssh-ed25519 ${board.hostKeys.fingerprints().ed25519}`), r.stderr);
});

test('a window change in the caller terminal reaches the board', { timeout: 30_000 }, async (t) => {
  if (!needClients(t, 'ssh', 'tmux')) return;
  const server = `bbs-ssh-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', server, '-f', '/dev/null', ...args], { timeout: 10_000 }).toString().trim();
  const ssh = ['ssh', '-tt', ...sshOptions(board.port, identity(null)), 'bbs@127.0.0.1'].map((a) => `'${a}'`).join(' ');
  tmux('new-session', '-d', '-s', 'resize', '-x', '100', '-y', '30', ssh);
  try {
    const paneSize = (): [number, number] => tmux('display', '-p', '-t', 'resize', '#{pane_width} #{pane_height}').split(' ').map(Number) as [number, number];
    const call = await waitFor('the tmux caller', () => board.runner.sessions().find((s) => s.transport === 'ssh' && s.terminal.cols === paneSize()[0]), 10_000);
    assert.equal(call.terminal.rows, paneSize()[1]);
    tmux('resize-window', '-t', 'resize', '-x', '132', '-y', '43');
    const [cols, rows] = paneSize();
    assert.equal(cols, 132);
    await waitFor(`the board to see ${cols}x${rows}`, () => call.terminal.cols === cols && call.terminal.rows === rows);
    assert.ok(board.inputs.get(call.id)!.some((e) => e.type === 'resize' && e.cols === cols && e.rows === rows));
  } finally {
    try {
      tmux('kill-server');
    } catch {
      /* already gone */
    }
  }
});

test('a caller who hangs up mid-call is logged out exactly once and the call is logged', { timeout: 30_000 }, async (t) => {
  if (!needClients(t, 'ssh', 'sshpass')) return;
  await board.store.users.create('Quitter', 'quit-pass');
  const c = caller(dialSsh(board.port, 'Quitter', { password: 'quit-pass', extra: identity(null) }));
  await c.expect('go on?');
  const call = await waitFor('the call', () => sessionOf('Quitter'));
  c.kill();
  await waitFor('the call to end', () => !board.runner.sessions().some((s) => s.id === call.id));
  const hangups = board.inputs.get(call.id)!.filter((e) => e.type === 'hangup');
  assert.equal(hangups.length, 1);
  await until('the call log to say the caller hung up', async () => (await board.store.calls.recent(20)).some((r) => r.userName === 'Quitter' && r.transport === 'ssh' && r.outcome === 'line dropped'), 5000, 25);
});
