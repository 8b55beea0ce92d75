import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSettle } from '../../../src/doors/line-settle.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a settle and says when its `done` ran (ms after the start), or null while it has not. */
function started(quietMs: number, maxMs: number): { settle: LineSettle; doneAfter: () => number | null; runs: () => number } {
  const settle = new LineSettle({ quietMs, maxMs });
  const at = Date.now();
  let doneAt: number | null = null;
  let runs = 0;
  settle.start(() => {
    runs++;
    doneAt = Date.now() - at;
  });
  return { settle, doneAfter: () => doneAt, runs: () => runs };
}

test('a quiet line is given back once the quiet has passed, and only once', async () => {
  const s = started(60, 5000);
  assert.equal(s.settle.settling, true);
  await sleep(30);
  assert.equal(s.doneAfter(), null, 'not before the quiet has passed');
  await sleep(80);
  assert.ok(s.doneAfter()! >= 60, `given back after ${s.doneAfter()} ms`);
  assert.equal(s.settle.settling, false);
  s.settle.finishNow();
  await sleep(80);
  assert.equal(s.runs(), 1);
});

test('bytes while settling are dropped and counted, and each one starts the quiet again', async () => {
  const s = started(80, 5000);
  for (let i = 0; i < 5; i++) {
    await sleep(40);
    s.settle.input(100);
  }
  const lastInput = 200;
  assert.equal(s.doneAfter(), null, 'still settling while bytes keep coming');
  await sleep(150);
  assert.ok(s.doneAfter()! >= lastInput + 80 - 10, `given back ${s.doneAfter()} ms after the start, the last byte came at ~${lastInput}`);
  assert.equal(s.settle.dropped, 500);
});

test('a line that never goes quiet is given back at the bound', async () => {
  const s = started(50, 300);
  const noise = setInterval(() => s.settle.input(1), 10);
  try {
    await sleep(450);
  } finally {
    clearInterval(noise);
  }
  const after = s.doneAfter();
  assert.ok(after !== null && after >= 290 && after < 420, `given back at the bound: ${after} ms`);
  assert.equal(s.runs(), 1);
});

test('a hang-up gives the line back at once; input before a start or after the end is not counted', () => {
  const settle = new LineSettle({ quietMs: 1000, maxMs: 5000 });
  settle.input(10);
  assert.equal(settle.dropped, 0);
  let ran = 0;
  settle.start(() => ran++);
  settle.finishNow();
  assert.equal(ran, 1);
  settle.input(10);
  assert.equal(settle.dropped, 0);
});
