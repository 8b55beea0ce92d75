import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runBbs, startBoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, postUntilStopped } from '../callers/json.js';
import { setTimeout as sleep } from 'node:timers/promises';

const CALLERS = 20;
const password = (n: number): string => `pw-${n}-Zq8vK3xw`;

/** Message tokens stored in a database file, with how often each appears. */
function storedTokens(path: string): Map<string, number> {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const counts = new Map<string, number>();
    for (const { body } of db.prepare('SELECT body FROM public_messages').all() as { body: string }[]) {
      const token = /\bmsg (c\d+-\d+)\b/.exec(body)?.[1];
      if (token) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    return counts;
  } finally {
    db.close();
  }
}

void test('backup while 20 callers post, restore refused while the board runs and done once it stops; no password in the logs', { timeout: 180_000 }, async () => {
  const board = await startBoardProcess({ env: { BBS_LOG_FORMAT: 'json', BBS_MAX_PER_ADDRESS: '100' } });
  const acked: string[] = [];
  let stop = false;
  try {
    const caller = (n: number): Promise<void> => postUntilStopped(board.ports.tcpjson!, { name: `Writer${n}`, password: password(n), prefix: `c${n}` }, acked, () => stop);
    const posting = Array.from({ length: CALLERS }, (_, n) => caller(n));
    const failed = Promise.race(posting.map((p) => p.then(() => new Promise<never>(() => {}))));
    const waitForAcks = async (count: number): Promise<void> => {
      const deadline = Date.now() + 60_000;
      while (acked.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${acked.length} messages acknowledged`);
        await Promise.race([sleep(20), failed]);
      }
    };
    await waitForAcks(CALLERS * 2);

    const dir = mkdtempSync(join(tmpdir(), 'bbs-backup-'));
    const file = join(dir, 'copy.db');
    const before = new Set(acked);
    const backup = await runBbs(['backup', file, '--data', board.data]);
    const after = new Set(acked);
    assert.equal(backup.code, 0, backup.out);
    assert.match(backup.out, /integrity ok/);
    // Keep posting after the copy, so the restore below has something to undo.
    await waitForAcks(after.size + CALLERS);
    stop = true;
    await Promise.all(posting);

    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      assert.deepEqual(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal(db.pragma('journal_mode', { simple: true }), 'delete', 'a single self-contained file');
    } finally {
      db.close();
    }
    const copied = storedTokens(file);
    for (const token of before) assert.equal(copied.get(token), 1, `${token}, acknowledged before the backup, is in it once`);
    for (const [token, n] of copied) assert.equal(n, 1, `${token} once`);
    assert.ok(before.size >= CALLERS * 2);

    // Restore refuses while the board runs, and leaves everything as it was.
    const refused = await runBbs(['restore', file, '--data', board.data]);
    assert.equal(refused.code, 1, refused.out);
    assert.match(refused.out, /refusing to restore: .*in use.*stop it first/);
    assert.ok(!existsSync(join(board.data, 'backups')), 'nothing set aside');

    // A failed login, for the log check below.
    const wrong = await JsonClient.dial(board.ports.tcpjson!);
    await wrong.answer("Who's calling?", 'Writer0');
    await wrong.answer('Password:', 'not-the-password-Yy7');
    // One wrong try is a failed login in the log; the caller may try again, but hangs up.
    await wrong.expect('Wrong password', 'screen');
    wrong.close();

    assert.equal(await board.stop('SIGTERM'), 0);
    const live = storedTokens(join(board.data, 'bbs.db'));
    const later = acked.filter((t) => !after.has(t));
    assert.ok(later.length >= CALLERS);
    for (const token of later) assert.equal(live.get(token), 1, `${token} is in the live database`);

    const restored = await runBbs(['restore', file, '--data', board.data]);
    assert.equal(restored.code, 0, restored.out);
    const back = storedTokens(join(board.data, 'bbs.db'));
    for (const token of before) assert.equal(back.get(token), 1, `${token} is back`);
    for (const token of later) assert.equal(back.get(token), undefined, `${token}, posted after the backup, is gone`);
    for (const leftover of ['bbs.db-wal', 'bbs.db-shm', 'bbs.db.restoring']) assert.ok(!existsSync(join(board.data, leftover)), `no ${leftover}`);
    const kept = readdirSync(join(board.data, 'backups')).filter((f) => /^bbs-before-restore-.*\.db$/.test(f));
    assert.equal(kept.length, 1, 'the replaced database is kept');
    for (const token of later) assert.equal(storedTokens(join(board.data, 'backups', kept[0]!)).get(token), 1);

    // The logs of the run: calls, logins and the failed login are there; no password is.
    const logs = board.output();
    const events = logs
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string });
    assert.ok(events.some((e) => e.msg === 'failed login'), 'failed login logged');
    assert.ok(events.some((e) => e.msg === 'new account' || e.msg === 'login'), 'logins logged');
    for (let n = 0; n < CALLERS; n++) assert.ok(!logs.includes(password(n)), `password ${n} is not in the logs`);
    assert.ok(!logs.includes('not-the-password-Yy7'), 'the wrong password is not in the logs');
  } finally {
    stop = true;
    await board.stop('SIGKILL');
  }
});

void test('restore refuses a file that is not a board database and changes nothing', { timeout: 60_000 }, async () => {
  const data = mkdtempSync(join(tmpdir(), 'bbs-restore-'));
  const junk = join(data, 'junk.db');
  writeFileSync(junk, 'this is not SQLite at all, just some words to fill a page. '.repeat(100));
  const notBoard = join(data, 'other.db');
  new BetterSqlite3(notBoard).exec('CREATE TABLE recipes (name TEXT)').close();
  const board = await startBoardProcess({ data });
  assert.equal(await board.stop(), 0);
  const before = readFileSync(join(data, 'bbs.db'));

  const junkRun = await runBbs(['restore', junk, '--data', data]);
  assert.equal(junkRun.code, 1, junkRun.out);
  assert.match(junkRun.out, /junk\.db is not an SQLite database/);
  const otherRun = await runBbs(['restore', notBoard, '--data', data]);
  assert.equal(otherRun.code, 1, otherRun.out);
  assert.match(otherRun.out, /not a board database/);
  const missing = await runBbs(['restore', join(data, 'missing.db'), '--data', data]);
  assert.equal(missing.code, 1, missing.out);
  assert.match(missing.out, /does not exist/);
  assert.ok(readFileSync(join(data, 'bbs.db')).equals(before), 'the live database is untouched');
  assert.ok(!existsSync(join(data, 'backups')));

  const help = await runBbs(['restore', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: bbs restore FILE/);
});
