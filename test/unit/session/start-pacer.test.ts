import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StartPacer } from '../../../src/session/start-pacer.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('a few starts in one turn run at once; the rest run a few a turn, in the order they came, with I/O between', async () => {
  const pacer = new StartPacer(4);
  const started: number[] = [];
  for (let i = 0; i < 10; i++) pacer.run({ startNow: () => started.push(i) });
  assert.deepEqual(started, [0, 1, 2, 3], 'the first four at once');
  assert.equal(pacer.backlog, 6);
  // Something else that was waiting for the event loop gets in between two batches.
  let between = -1;
  setImmediate(() => (between = started.length));
  await turn();
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7]);
  await turn();
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(between >= 4 && between < 10, `other work ran between the batches (after ${between} starts)`);
  assert.equal(pacer.backlog, 0);
});

test('a start arriving while others wait goes behind them, never ahead', async () => {
  const pacer = new StartPacer(1);
  const started: string[] = [];
  pacer.run({ startNow: () => started.push('a') });
  pacer.run({ startNow: () => started.push('b') });
  assert.deepEqual(started, ['a']);
  await turn();
  pacer.run({ startNow: () => started.push('c') });
  assert.deepEqual(started, ['a', 'b'], 'c waits: this turn has had its one start');
  await turn();
  await turn();
  assert.deepEqual(started, ['a', 'b', 'c']);
});

test('a quiet pacer starts at once again, turn after turn', async () => {
  const pacer = new StartPacer(2);
  const started: number[] = [];
  for (let round = 0; round < 3; round++) {
    pacer.run({ startNow: () => started.push(round) });
    assert.equal(started.length, round + 1, 'started without waiting');
    await turn();
  }
});
