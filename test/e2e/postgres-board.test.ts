import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { JsonClient, logInAndEnter, postUntilStopped } from '../callers/json.js';
import { freshDatabase, postgresSkip } from '../helpers/postgres.js';
import { runBbs, startBoardProcess } from '../helpers/spawned-board.js';

/**
 * The whole board on PostgreSQL: started with a database URL, worker nodes
 * and all, callers posting through it, and the shell commands pointed at
 * the same database.
 */

const CALLERS = 6;

/** Posted tokens in the database, with how often each appears. */
async function storedTokens(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts = new Map<string, number>();
    const { rows } = await client.query<{ body: string }>('SELECT body FROM public_messages');
    for (const { body } of rows) {
      const token = /\bmsg (c\d+-\d+)\b/.exec(body)?.[1];
      if (token) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    return counts;
  } finally {
    await client.end();
  }
}

void test('a board on PostgreSQL with two node processes: every acknowledged post is in the database once, and another board on it knows the callers', { timeout: 180_000 }, async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const url = await freshDatabase();
  const env = { BBS_DATABASE_URL: url, BBS_NODES: '2', BBS_MAX_PER_ADDRESS: '100' };
  const board = await startBoardProcess({ env, t });
  const acked: string[] = [];
  let stop = false;
  const posting = Array.from({ length: CALLERS }, (_, n) => postUntilStopped(board.ports.tcpjson!, { name: `Poster${n}`, password: `pw-${n}-Kq2mV8xz`, prefix: `c${n}` }, acked, () => stop));
  const failed = Promise.race(posting.map((p) => p.then(() => new Promise<never>(() => {}))));
  const deadline = Date.now() + 60_000;
  while (acked.length < CALLERS * 5) {
    if (Date.now() > deadline) throw new Error(`only ${acked.length} posts acknowledged`);
    await Promise.race([sleep(20), failed]);
  }
  stop = true;
  await Promise.all(posting);
  assert.equal(await board.stop('SIGTERM'), 0, board.output());
  assert.ok(!existsSync(join(board.data, 'bbs.db')), 'no SQLite file beside a PostgreSQL board');

  const stored = await storedTokens(url);
  for (const token of acked) assert.equal(stored.get(token), 1, `${token}, acknowledged, is in PostgreSQL once`);

  // A second host: its own data folder, the same database. The callers are known there.
  const other = await startBoardProcess({ env, t });
  const c = await JsonClient.dial(other.ports.tcpjson!);
  try {
    await logInAndEnter(c, 'Poster0', 'pw-0-Kq2mV8xz');
  } finally {
    c.close();
  }
  const users = await runBbs(['user', 'list', '--data', other.data], { env: { BBS_DATABASE_URL: url } });
  assert.equal(users.code, 0, users.out);
  for (let n = 0; n < CALLERS; n++) assert.match(users.out, new RegExp(`\\bPoster${n}\\b`));
});

void test('bbs backup and restore on a PostgreSQL board point to pg_dump and pg_restore and write nothing', { timeout: 60_000 }, async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const data = mkdtempSync(join(tmpdir(), 'bbs-pgcli-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const env = { BBS_DATABASE_URL: 'postgres://bbs:n0t-this-one@127.0.0.1:5/bbs' };
  const backup = await runBbs(['backup', '--data', data], { env });
  assert.equal(backup.code, 1, backup.out);
  assert.match(backup.out, /keeps its data in PostgreSQL \(postgres:\/\/bbs:\*\*\*@127\.0\.0\.1:5\/bbs\).*\n\s+pg_dump --format=custom/);
  const restore = await runBbs(['restore', join(data, 'x.dump'), '--data', data], { env });
  assert.equal(restore.code, 1, restore.out);
  assert.match(restore.out, /stop every board host, then .*\n\s+pg_restore --clean/);
  for (const out of [backup.out, restore.out]) assert.doesNotMatch(out, /n0t-this-one/, 'the password is never printed');
  assert.deepEqual(readdirSync(data), [], 'nothing written');
});

void test('a PostgreSQL server that is not there stops the start with one line saying so, without the password', { timeout: 60_000 }, async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const data = mkdtempSync(join(tmpdir(), 'bbs-pgdown-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  // Port 9 (discard) on loopback: nothing listens there.
  const serve = await runBbs(['serve', '--data', data, '--database', 'postgres://bbs:s3cret-pw@127.0.0.1:9/bbs', '--telnet-port', '0', '--ssh-port', '0', '--json-port', '0', '--http-port', '0', '--nntp-port', 'off'], {});
  assert.notEqual(serve.code, 0);
  assert.match(serve.out, /bbs serve: cannot open postgres:\/\/bbs:\*\*\*@127\.0\.0\.1:9\/bbs: .*ECONNREFUSED.*\(is PostgreSQL running/);
  assert.doesNotMatch(serve.out, /s3cret-pw/);
  assert.doesNotMatch(serve.out, /\n\s+at /, 'no stack trace');
});
