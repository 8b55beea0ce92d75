import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openPostgresStore } from '../../../src/store/postgres/pg-store.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import type { Store } from '../../../src/store/types.js';
import { freshSchema } from '../../helpers/postgres.js';
import { engineTest } from '../../helpers/store-engines.js';

/**
 * Several processes, each with its own connection, write to one database at
 * the same time, as the board's worker processes (and, on PostgreSQL, its
 * hosts) do. On SQLite the busy timeout and immediate transactions make them
 * queue; on PostgreSQL each has its own pool. Never a write dropped or failed.
 */

/** Where the writers write: the SQLite file, or a PostgreSQL schema. */
type Place = { path: string } | { url: string; schema: string };

interface Job {
  place: Place;
  authorId: number;
  posts: number;
}

function openAt(place: Place): Promise<Store> | Store {
  return 'path' in place ? openSqliteStore(place.path) : openPostgresStore(place.url, { schema: place.schema, connections: 4 });
}

async function writer(job: Job): Promise<void> {
  const store = await openAt(job.place);
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
  engineTest('writers on separate connections to one database lose nothing', async (t, engine) => {
    const dir = mkdtempSync(join(tmpdir(), 'bbs-store-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const place: Place = engine === 'sqlite' ? { path: join(dir, 'board.db') } : await freshSchema();
    const store = await openAt(place);
    try {
      const writers = 4;
      const posts = 400;
      const ids: number[] = [];
      for (let w = 0; w < writers; w++) {
        const created = await store.users.create(`writer${w}`, 'pw');
        assert.ok(created.ok);
        ids.push(created.user.id);
      }

      const children = ids.map((authorId) => startWriter({ place, authorId, posts }));
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
    } finally {
      await store.close();
    }
  });
}
