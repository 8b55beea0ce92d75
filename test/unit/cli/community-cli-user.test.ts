import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runUserCommand, type UserCommandIO } from '../../../src/cli/user.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

function fakeIO(passwords: string[] = []): UserCommandIO & { outs: string[]; errs: string[]; asked: number; ended: number[] } {
  const io = {
    outs: [] as string[],
    errs: [] as string[],
    asked: 0,
    ended: [] as number[],
    out: (line: string) => io.outs.push(line),
    err: (line: string) => io.errs.push(line),
    readPassword: () => {
      io.asked++;
      const p = passwords.shift();
      return p === undefined ? Promise.reject(new Error('no password on standard input')) : Promise.resolve(p);
    },
    endCalls: (_data: string, userId: number) => {
      io.ended.push(userId);
      return Promise.resolve(1);
    },
  };
  return io;
}

test('bbs user add, list, passwd, level, ban and unban work on the data folder', async () => {
  const data = await mkdtemp(join(tmpdir(), 'bbs-user-'));
  const run = (argv: string[], io = fakeIO()): Promise<number> => runUserCommand([...argv, '--data', data], io, {});
  assert.equal(await run(['add', 'Zed'], fakeIO(['secret99'])), 0, 'add works on a data folder with no database yet');
  const second = fakeIO(['secret99']);
  assert.equal(await run(['add', 'Ann', '--level', 'member'], second), 0);
  assert.deepEqual(second.outs, ['made Ann (member) as user 2']);
  const listed = fakeIO();
  assert.equal(await run(['list'], listed), 0);
  assert.match(listed.outs.join('\n'), /1 +Zed +sysop +0 +never +active\n +2 +Ann +member/);
  assert.equal(await run(['passwd', 'ann'], fakeIO(['another1'])), 0);
  assert.equal(await run(['level', 'ann', 'sysop']), 0);
  const banned = fakeIO();
  assert.equal(await run(['ban', 'ANN'], banned), 0);
  assert.deepEqual(banned.ended, [2], 'the running board is asked to end their calls');
  assert.match(banned.outs[0]!, /Ann is banned; 1 call on the running board ended$/);
  const afterBan = fakeIO();
  assert.equal(await run(['list'], afterBan), 0);
  assert.match(afterBan.outs[0]!, /^ID +NAME +LEVEL +CALLS +LAST CALL \(UTC\) +STATUS$/);
  assert.match(afterBan.outs.join('\n'), /1 +Zed +sysop +0 +never +active\n +2 +Ann +sysop +0 +never +BANNED$/, 'the banned account is listed and marked');
  const store = openSqliteStore(join(data, 'bbs.db'));
  const ann = (await store.users.findByName('ann'))!;
  assert.equal(ann.level, 'sysop');
  assert.equal(ann.banned, true);
  assert.ok(await store.users.verifyPassword('Ann', 'another1'));
  await store.close();
  assert.equal(await run(['unban', 'ann']), 0);
});

test('bbs user refuses plainly: look-alikes, short passwords, unknown users and levels, passwords on the command line', async () => {
  const data = await mkdtemp(join(tmpdir(), 'bbs-user-'));
  const run = (argv: string[], io: ReturnType<typeof fakeIO>): Promise<number> => runUserCommand([...argv, '--data', data], io, {});
  await run(['add', 'Bob'], fakeIO(['secret99']));
  const cases: Array<[string[], number, RegExp, string[]?]> = [
    [['add', 'B0b'], 1, /'B0b' looks too much like the existing account 'Bob'/, ['secret99']],
    [['add', 'bob'], 1, /the name 'bob' is taken/, ['secret99']],
    [['add', 'B\u043ebby'], 1, /mixes the Latin and Cyrillic scripts/, ['secret99']],
    [['add', 'SYSOP'], 1, /the name 'SYSOP' belongs to the board/, ['secret99']],
    [['add', 'Carol'], 1, /passwords need at least 6 characters/, ['abc']],
    [['add', 'Carol'], 1, /no password on standard input/, []],
    [['add', 'bad\u001bname'], 1, /the name 'bad\^\[name' may hold only/, ['secret99']],
    [['passwd', 'nobody'], 1, /no user named 'nobody'/, ['secret99']],
    [['level', 'bob', 'wizard'], 2, /'wizard' is not a level/],
    [['passwd', 'bob', 'secret99'], 2, /expected NAME/],
    [['frobnicate'], 2, /unknown subcommand 'frobnicate'/],
    [['ban', 'bob', '--level', 'new'], 2, /--level is for "add"/],
    [['list', '--password', 'x'], 2, /Unknown option '--password'/],
  ];
  for (const [argv, status, message, passwords] of cases) {
    const io = fakeIO(passwords);
    assert.equal(await run(argv, io), status, argv.join(' '));
    assert.match(io.errs.join('\n'), message, argv.join(' '));
  }
  const missing = fakeIO();
  assert.equal(await runUserCommand(['list', '--data', join(data, 'nope')], missing, {}), 1);
  assert.match(missing.errs[0]!, /no board database at/);
  const help = fakeIO();
  assert.equal(await runUserCommand(['passwd', '--help'], help, {}), 0);
  assert.match(help.outs[0]!, /^Usage: bbs user passwd NAME/);
});
