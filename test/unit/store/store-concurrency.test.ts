import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

/**
 * Several processes, each with its own connection, write to one file at the
 * same time, as the board's worker processes will. The busy timeout and immediate
 * transactions must make them queue, never drop a write or fail.
 */

interface Job {
  path: string;
  authorId: number;
  posts: number;
}

async function writer(job: Job): Promise<void> {
  const store = openSqliteStore(job.path);
  try {
    // Start together, so the writes really overlap instead of running one
    // process after another.
    const go = new Promise((resolve) => process.once('message', resolve));
    process.send?.('ready');
    await go;
    for (let i = 0; i < job.posts; i++) {
      await store.publicMessages.post(job.authorId, `${job.authorId}:${i}`, new Date());
      await store.users.recordLogin(job.authorId, new Date());
    }
  } finally {
    await store.close();
  }
}

const WRITER_ENV = 'BBS_STORE_TEST_WRITER';

interface Writer {
  ready: Promise<void>;
  go(): void;
  finished: Promise<string>;
}

function startWriter(job: Job): Writer {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, [WRITER_ENV]: JSON.stringify(job) },
  });
  let answer = 'no answer';
  const ready = new Promise<void>((resolve) => {
    child.on('message', (msg) => {
      if (msg === 'ready') resolve();
      else answer = typeof msg === 'string' ? msg : JSON.stringify(msg);
    });
  });
  const finished = new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code === 0 ? answer : `exit ${code}: ${answer}`));
  });
  return { ready, go: () => child.send('go'), finished };
}

const writerJob = process.env[WRITER_ENV];
if (writerJob !== undefined) {
  writer(JSON.parse(writerJob) as Job).then(
    () => process.send?.('done'),
    (err: unknown) => process.send?.(String(err)),
  );
} else {
  void test('writers on separate connections to one file lose nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bbs-store-'));
    try {
      const path = join(dir, 'board.db');
      const store = openSqliteStore(path);
      const writers = 4;
      const posts = 400;
      const ids: number[] = [];
      for (let w = 0; w < writers; w++) {
        const created = await store.users.create(`writer${w}`, 'pw');
        assert.ok(created.ok);
        ids.push(created.user.id);
      }

      const children = ids.map((authorId) => startWriter({ path, authorId, posts }));
      await Promise.all(children.map((c) => c.ready));
      for (const child of children) child.go();
      const results = await Promise.all(children.map((c) => c.finished));
      assert.deepEqual(results, Array<string>(writers).fill('done'));

      assert.equal(await store.publicMessages.count(), writers * posts);
      const bodies = new Set((await store.publicMessages.listNewestFirst(writers * posts + 10)).map((m) => m.body));
      for (const authorId of ids) {
        for (let i = 0; i < posts; i++) assert.ok(bodies.has(`${authorId}:${i}`), `lost ${authorId}:${i}`);
        assert.equal((await store.users.findById(authorId))?.calls, posts);
      }
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
