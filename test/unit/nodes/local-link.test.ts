import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localLinkPair } from '../../../src/nodes/local-link.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('messages arrive in the order sent, never inside the sender’s call', async () => {
  const [a, b] = localLinkPair<string, string>();
  const got: string[] = [];
  b.onMessage((m) => got.push(m));
  a.send('one');
  a.send('two');
  assert.deepEqual(got, [], 'nothing is delivered while the sender runs');
  a.send('three');
  await turn();
  assert.deepEqual(got, ['one', 'two', 'three']);
});

test('each end hears only what the other sent, and every handler hears it', async () => {
  const [a, b] = localLinkPair<string, number>();
  const atA: number[] = [];
  const atB: string[] = [];
  const atBAgain: string[] = [];
  a.onMessage((m) => atA.push(m));
  b.onMessage((m) => atB.push(m));
  b.onMessage((m) => atBAgain.push(m));
  a.send('x');
  b.send(1);
  b.send(2);
  a.send('y');
  await turn();
  assert.deepEqual(atA, [1, 2]);
  assert.deepEqual(atB, ['x', 'y']);
  assert.deepEqual(atBAgain, ['x', 'y']);
});

test('what a handler sends on arrival comes after the message it answers, in order, at a later microtask', async () => {
  const [a, b] = localLinkPair<string, string>();
  const log: string[] = [];
  b.onMessage((m) => {
    log.push(`b got ${m}`);
    b.send(`re ${m}`);
    log.push(`b sent re ${m}`);
  });
  a.onMessage((m) => {
    log.push(`a got ${m}`);
    if (m === 're one') a.send('two');
  });
  a.send('one');
  await turn();
  assert.deepEqual(log, ['b got one', 'b sent re one', 'a got re one', 'b got two', 'b sent re two', 'a got re two']);
});

test('a burst of thousands of messages keeps its order, burst after burst', async () => {
  const [a, b] = localLinkPair<number, never>();
  const got: number[] = [];
  b.onMessage((m) => got.push(m));
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 5000; i++) a.send(round * 5000 + i);
    await turn();
  }
  assert.equal(got.length, 15000);
  assert.ok(got.every((m, i) => m === i));
});

test('after close nothing more is delivered, queued messages included, and close is heard once', async () => {
  const [a, b] = localLinkPair<string, string>();
  const got: string[] = [];
  const closes: string[] = [];
  b.onMessage((m) => got.push(m));
  a.onClose((r) => closes.push(`a ${r}`));
  b.onClose((r) => closes.push(`b ${r}`));
  a.send('before');
  a.close();
  a.send('after');
  b.close();
  await turn();
  assert.deepEqual(got, []);
  assert.deepEqual(closes, ['a closed', 'b closed']);
});

test('a handler that throws fails alone: the others and the later messages are still delivered', async () => {
  const [a, b] = localLinkPair<string, string>();
  const got: string[] = [];
  const thrown: unknown[] = [];
  const onUncaught = (err: unknown): void => void thrown.push(err);
  const listeners = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', onUncaught);
  try {
    b.onMessage((m) => {
      if (m === 'bad') throw new Error('handler failed');
    });
    b.onMessage((m) => got.push(m));
    a.send('bad');
    a.send('good');
    await turn();
    await turn();
  } finally {
    process.off('uncaughtException', onUncaught);
    for (const l of listeners) process.on('uncaughtException', l);
  }
  assert.deepEqual(got, ['bad', 'good']);
  assert.equal(thrown.length, 1);
  assert.match(String(thrown[0]), /handler failed/);
});
