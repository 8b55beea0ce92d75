import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';

/** Every account on a stopped board, with its level. */
function accounts(board: BoardProcess): Record<string, string> {
  const db = new BetterSqlite3(join(board.data, 'bbs.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT name, level FROM users ORDER BY id').all() as Array<{ name: string; level: string }>;
    return Object.fromEntries(rows.map((r) => [r.name, r.level]));
  } finally {
    db.close();
  }
}

async function withBoard(env: NodeJS.ProcessEnv, run: (port: number) => Promise<void>): Promise<Record<string, string>> {
  const board = await startBoardProcess({ env });
  try {
    await run(board.ports.tcpjson!);
  } finally {
    await board.stop();
  }
  try {
    return accounts(board);
  } finally {
    await rm(board.data, { recursive: true, force: true });
  }
}

/** A caller who types `name` at the name prompt and is refused with `screen`. */
async function refused(port: number, name: string, screen: string | RegExp): Promise<void> {
  const c = await JsonClient.dial(port);
  try {
    await c.answer("Who's calling?", name);
    await c.expect(screen);
    await c.expect("Who's calling?", 'prompt');
  } finally {
    c.close();
  }
}

async function signUp(port: number, name: string): Promise<string> {
  const c = await JsonClient.dial(port);
  try {
    await registerAndEnter(c, name, 'password1');
    return c.replies.map((r) => r.msg).join('\n');
  } finally {
    c.close();
  }
}

test('over the JSON socket: once the board has a sysop, registering the sysop name makes nobody a second one, and the look-alike names are refused', { timeout: 120_000 }, async () => {
  const levels = await withBoard({ BBS_SYSOP: 'sysop' }, async (port) => {
    assert.match(await signUp(port, 'alice'), /you are this board's sysop/);
    await refused(port, 'SYSOP', 'That name belongs to the board');
    await refused(port, 'sysop', 'That name belongs to the board');
    await refused(port, '\ua4e2ysop', 'That name belongs to the board'); // ꓢysop, Lisu
    for (const name of ['victim', 'bob']) assert.doesNotMatch(await signUp(port, name), /you are this board's sysop/);
    await refused(port, '\u0251lice', /looks too much like .*alice/); // ɑlice
    await refused(port, '\u1d20ictim', /looks too much like .*victim/); // ᴠictim
    await refused(port, 'v\u13a5ctim', 'this one mixes Latin and Cherokee'); // vᎥctim
    await refused(port, 'sysop\u3164', 'invisible characters');
    await refused(port, '\u3164\u3164\u3164', 'invisible characters');
    await refused(port, 'bob\u115f', 'invisible characters');
    await refused(port, 'B\u043ebby', 'this one mixes Latin and Cyrillic.');
  });
  assert.deepEqual(levels, { alice: 'sysop', victim: 'new', bob: 'new' });
});

test('over the JSON socket: a look-alike of the configured sysop name cannot sign up first and keep the real one out', { timeout: 120_000 }, async () => {
  const levels = await withBoard({ BBS_SYSOP: 'rusty' }, async (port) => {
    await refused(port, 'ru5ty', 'That name belongs to the board');
    await refused(port, 'RUS_TY', 'That name belongs to the board');
    await refused(port, 'r\u1d1csty', 'That name belongs to the board'); // small capital U
    await refused(port, 'sysop', 'That name belongs to the board');
    assert.match(await signUp(port, 'Rusty'), /you are this board's sysop/);
  });
  assert.deepEqual(levels, { Rusty: 'sysop' });
});

test('over the JSON socket: two callers finishing sign-up at once make one sysop, never two', { timeout: 120_000 }, async () => {
  const levels = await withBoard({ BBS_SYSOP: 'sysop' }, async (port) => {
    const callers = await Promise.all(['alice', 'sysop'].map(() => JsonClient.dial(port)));
    try {
      await Promise.all(
        callers.map(async (c, i) => {
          await c.answer("Who's calling?", i === 0 ? 'alice' : 'sysop');
          await c.answer('Password:', 'password1');
          await c.expect('once more', 'prompt');
        }),
      );
      for (const c of callers) c.send('password1');
      await Promise.all(callers.map((c) => c.expect(/go on\?|Who's calling\?/, 'prompt')));
    } finally {
      for (const c of callers) c.close();
    }
  });
  assert.equal(Object.values(levels).filter((level) => level === 'sysop').length, 1, JSON.stringify(levels));
});
