import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXEC_COMMANDS, runExecCommand } from '../../../../src/transports/ssh/exec-commands.js';
import { formatWho } from '../../../../src/screens/who-table.js';
import type { OnlineCaller } from '../../../../src/session/live.js';
import { boardMotd, MOTD_KEY } from '../../../../src/flows/motd.js';
import { openSqliteStore } from '../../../../src/store/sqlite-store.js';

const ctx = { who: () => 'WHO TABLE\n', motd: () => 'Be kind.' };

test('who, motd and help answer on stdout with status 0', async () => {
  assert.deepEqual(await runExecCommand('who', ctx), { stdout: 'WHO TABLE\n', stderr: '', code: 0 });
  assert.deepEqual(await runExecCommand('  motd  ', ctx), { stdout: 'Be kind.\n', stderr: '', code: 0 }, 'a missing final newline is added');
  assert.deepEqual((await runExecCommand('MOTD', ctx)).code, 0, 'names are not case-sensitive');
  const help = await runExecCommand('help', ctx);
  assert.equal(help.code, 0);
  for (const name of EXEC_COMMANDS.keys()) assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
});

test('anything else is an unknown command: a message on stderr and status 127, as a shell says', async () => {
  for (const line of ['ls', 'rm -rf /', 'sftp-server', 'who; cat /etc/passwd', '$(reboot)']) {
    const r = await runExecCommand(line, ctx);
    assert.equal(r.code, 127, line);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /unknown command/);
  }
  assert.match((await runExecCommand('   ', ctx)).stderr, /empty command/);
  assert.equal((await runExecCommand('x'.repeat(5000), ctx)).code, 127);
});

test('a known command with arguments is a usage error, status 2', async () => {
  assert.deepEqual(await runExecCommand('who --all', ctx), { stdout: '', stderr: 'bbs: who takes no arguments\n', code: 2 });
});

test('what the caller typed is echoed back without its control characters', async () => {
  const r = await runExecCommand('\x1b]0;owned\x07\x1b[2J', ctx);
  assert.equal(r.code, 127);
  assert.doesNotMatch(r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/);
});

test("motd shows the sysop's edit from the board when there is one, else the config file's", async () => {
  const store = openSqliteStore(':memory:');
  try {
    const board = { who: () => '', motd: () => boardMotd(store.boardSettings, 'From the config file.') };
    assert.equal((await runExecCommand('motd', board)).stdout, 'From the config file.\n', 'nothing edited yet');
    await store.boardSettings.set(MOTD_KEY, 'Edited on the board.');
    assert.equal((await runExecCommand('motd', board)).stdout, 'Edited on the board.\n', 'the edit shows at once, no restart');
    await store.boardSettings.set(MOTD_KEY, null);
    assert.equal((await runExecCommand('motd', board)).stdout, 'From the config file.\n', 'back to the config file');
  } finally {
    await store.close();
  }
});

test('who lists callers as a plain table, names made harmless, nobody as a sentence', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  const caller = (node: number, line: number, user: string | null, transport: string, doing: string, since: string): OnlineCaller => ({
    sessionId: `${node}/${line}`,
    node,
    line,
    transport,
    userId: user ? line : null,
    user,
    doing,
    since: new Date(since),
    connectedAt: new Date(since),
  });
  const callers = [
    caller(2, 1, 'Zed', 'telnet', 'reading messages', '2024-05-01T11:58:30Z'),
    caller(1, 2, null, 'ssh', 'logging in', '2024-05-01T12:00:00Z'),
    caller(1, 1, 'Evil\x1b[2J', 'websocket', 'at the main menu', '2024-05-01T09:30:00Z'),
  ];
  const table = formatWho(callers, now);
  assert.equal(
    table,
    [
      '  Node  Name                  Via          Doing                            For',
      '   1/1  Evil^[[2J             web          at the main menu                2h30',
      '   1/2  (logging in)          SSH          logging in                        0m',
      '   2/1  Zed                   telnet       reading messages                  1m',
      '3 callers online.',
      '',
    ].join('\n'),
  );
  assert.equal(formatWho([], now), 'Nobody is on the board right now.\n');
});

test('web answers an account with its link and refuses the front-door user, who is nobody to log in', async () => {
  const asked: number[] = [];
  const withWeb = { ...ctx, webLogin: (userId: number) => (asked.push(userId), Promise.resolve(`http://bbs.example/login/TOKEN${userId}`)) };
  const mine = await runExecCommand('web', withWeb, { kind: 'user', userId: 7, name: 'Ann' });
  assert.equal(mine.code, 0);
  assert.match(mine.stdout, /^ {2}http:\/\/bbs\.example\/login\/TOKEN7$/m);
  assert.match(mine.stdout, /once, within 10 minutes/);
  const anonymous = await runExecCommand('web', withWeb);
  assert.equal(anonymous.code, 1);
  assert.equal(anonymous.stdout, '');
  assert.match(anonymous.stderr, /ssh NAME@HOST web/);
  assert.deepEqual(asked, [7], 'no link was made for the front-door user');
  const noPort = await runExecCommand('web', { ...ctx, webLogin: () => Promise.resolve(null) }, { kind: 'user', userId: 7, name: 'Ann' });
  assert.deepEqual(noPort, { stdout: '', stderr: 'bbs: this board has no web reader\n', code: 1 });
});
