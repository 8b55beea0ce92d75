import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueueFullError, TurnQueue } from '../../../src/store/hash-queue.js';

/** Lets every settled promise's callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

void test('turns are given at once up to the limit, then first come first served', async () => {
  const q = new TurnQueue(2, 10);
  const first = await q.take();
  const second = await q.take();
  const order: number[] = [];
  const waits = [3, 4, 5].map((n) => q.take().then((release) => (order.push(n), release)));
  await settle();
  assert.deepEqual(order, [], 'no turn while both are taken');
  first();
  await settle();
  second();
  await settle();
  assert.deepEqual(order, [3, 4]);
  (await waits[0]!)();
  await settle();
  assert.deepEqual(order, [3, 4, 5]);
  assert.deepEqual(q.counts(), { running: 2, waiting: 0, served: 5, left: 0, refused: 0 });
});

void test('a waiter is told its place when queued and each time the line ahead moves', async () => {
  const q = new TurnQueue(1, 10);
  const running = await q.take();
  const places: number[][] = [[], [], []];
  const waits = places.map((seen) => q.take({ onPlace: (ahead) => seen.push(ahead) }));
  assert.deepEqual(places, [[0], [1], [2]]);
  running();
  await settle();
  assert.deepEqual(places, [[0], [1, 0], [2, 1]], 'the first got its turn; the rest moved up one');
  (await waits[0]!)();
  (await waits[1]!)();
  (await waits[2]!)();
});

void test('a caller who hangs up leaves the line at once, unhashed, and those behind move up', async () => {
  const q = new TurnQueue(1, 10);
  const running = await q.take();
  const leaving = new AbortController();
  const behind: number[] = [];
  const gone = q.take({ signal: leaving.signal });
  const next = q.take({ onPlace: (ahead) => behind.push(ahead) });
  const hungUp = new Error('hung up');
  leaving.abort(hungUp);
  await assert.rejects(gone, (err) => err === hungUp);
  assert.deepEqual(behind, [1, 0], 'the one behind moved up the moment the other left');
  assert.equal(q.counts().left, 1);
  running();
  (await next)();
  assert.equal(q.counts().served, 2, 'only the caller who stayed was given a turn');
});

void test('a bounded wait is refused when the line is full; an unbounded one still queues', async () => {
  const q = new TurnQueue(1, 2);
  const running = await q.take();
  const a = q.take({ bounded: true });
  const b = q.take({ bounded: true });
  await assert.rejects(q.take({ bounded: true }), (err) => err instanceof QueueFullError && err.waiting === 2);
  const c = q.take();
  assert.deepEqual(q.counts(), { running: 1, waiting: 3, served: 1, left: 0, refused: 1 });
  running();
  for (const w of [a, b, c]) (await w)();
});

void test('an already ended call never joins; a release given twice counts once', async () => {
  const q = new TurnQueue(1, 5);
  const ended = new AbortController();
  ended.abort(new Error('gone'));
  await assert.rejects(q.take({ signal: ended.signal }), /gone/);
  const release = await q.take();
  release();
  release();
  assert.equal(q.counts().running, 0);
});

void test('a place shown to a caller that throws does not stop the line for the others', async () => {
  const q = new TurnQueue(1, 5);
  const running = await q.take();
  let calls = 0;
  const bad = q.take({ onPlace: () => { calls++; throw new Error('display gone'); } });
  const seen: number[] = [];
  const good = q.take({ onPlace: (ahead) => seen.push(ahead) });
  running();
  (await bad)();
  (await good)();
  assert.deepEqual(seen, [1, 0]);
  assert.equal(calls, 1);
});
