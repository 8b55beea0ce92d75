import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { stripAnsi } from '../callers/text-stream.js';
import { mountTmpfs, requireMount, requireRoot, unmount } from '../helpers/os-account.js';
import { until } from '../helpers/until.js';

/** A few kilobytes a post, so the slack a full disk still has is used up within a few posts. */
const BODY_LINES = Array.from({ length: 20 }, (_, i) => `line ${i} ${'x'.repeat(150)}`);

/** Posts one message from the main menu; the board's answer once the body was sent, as plain text. */
async function post(c: JsonClient, token: string): Promise<string> {
  c.send('1');
  await c.answer('Subject:', '');
  await c.expect('Type your message', undefined, 10_000);
  c.send(`msg ${token}`);
  for (const line of BODY_LINES) c.send(line);
  c.send('.');
  const answer = stripAnsi((await c.expect(/Message #\d+ posted|could not save/, undefined, 10_000)).msg);
  await c.expect('MAIN MENU', 'prompt', 10_000);
  return answer;
}

/** Posts until the board refuses one (a full disk has a little slack left); returns the refusal. */
async function postUntilRefused(c: JsonClient, prefix: string, acked: string[]): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const answer = await post(c, `${prefix}-${i}`);
    if (!/posted/.test(answer)) return answer;
    acked.push(`${prefix}-${i}`);
  }
  throw new Error('every post was acknowledged on a full disk: the disk never filled');
}

/** The board's log lines reach the test a little after the caller's screen. */
async function waitForLog(output: () => string, line: RegExp): Promise<void> {
  await until(() => `a log line for the sysop matching ${line}:\n${output()}`, () => line.test(output()), 5000, 20);
}

/** Writes zeros into `path` until the file system says there is no room left. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 16, 1 << 12, 1 << 9, 1]) {
      const chunk = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
}

void test('on a full disk a post gets a clear "could not save" answer, the board and its other callers go on, and nothing acknowledged is lost', { timeout: 180_000 }, async (t) => {
  if (!requireRoot(t, 'a size-capped tmpfs')) return;
  const data = mkdtempSync(join(tmpdir(), 'bbs-full-'));
  if (!requireMount(t, mountTmpfs(data, 'size=2m,mode=0700'))) return;
  const acked: string[] = [];
  let board: BoardProcess | undefined;
  try {
    const live = (board = await startBoardProcess({ data, args: ['--ssh-port', 'off'] }));
    const writer = await JsonClient.dial(live.ports.tcpjson!);
    const reader = await JsonClient.dial(live.ports.tcpjson!);
    try {
      await registerAndEnter(writer, 'Writer', 'pw-Zq8vK3xw-long');
      await registerAndEnter(reader, 'Reader', 'pw-Zq8vK3xw-long');
      for (let i = 0; i < 5; i++) if (/posted/.test(await post(writer, `before-${i}`))) acked.push(`before-${i}`);
      assert.equal(acked.length, 5, 'posting failed before the disk was full');

      fillDisk(join(data, 'filler'));
      const refusal = await postUntilRefused(writer, 'full', acked);
      assert.match(refusal, /The board could not save that: its disk is full\. Nothing of it was stored/);
      assert.equal(writer.closed, false, 'the writer was cut off instead of answered');
      await waitForLog(() => live.output(), /could not save: the disk holding the database is full.*code=SQLITE_FULL/);
      assert.equal(live.child.exitCode, null, 'the board went down');

      // The other caller reads on as before.
      reader.send('2');
      const newest = acked[acked.length - 1]!;
      await reader.expect(`msg ${newest}\n`, undefined, 10_000);
      reader.send('Q');
      await reader.expect('MAIN MENU', 'prompt', 10_000);

      // With room again, the board takes posts again, with no restart.
      rmSync(join(data, 'filler'));
      assert.match(await post(writer, 'after'), /posted/);
      acked.push('after');

      // Full again, and the board is stopped while it is: what callers were told is posted must survive that too.
      fillDisk(join(data, 'filler'));
      await postUntilRefused(writer, 'again', acked);
    } finally {
      writer.close();
      reader.close();
    }
    // Stopped cleanly: what the full disk kept out of the main file stays in the WAL for the next open.
    assert.equal(await live.stop(), 0, live.output());
    assert.doesNotMatch(live.output(), /conversation crashed|(^|\\n)\s+at /m, 'a crash or a stack trace in the log');
    rmSync(join(data, 'filler'));
  } finally {
    if (board) await board.stop();
    try {
      const db = new BetterSqlite3(join(data, 'bbs.db'), { fileMustExist: true });
      try {
        const check = db.pragma('integrity_check', { simple: true });
        const bodies = (db.prepare('SELECT body FROM public_messages').all() as { body: string }[]).map((r) => r.body);
        if (acked.length > 0) {
          assert.equal(check, 'ok');
          for (const token of acked) assert.ok(bodies.some((b) => b.startsWith(`msg ${token}\n`)), `acknowledged post ${token} is missing`);
        }
      } finally {
        db.close();
      }
    } finally {
      unmount(data);
    }
  }
});
