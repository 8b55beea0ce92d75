import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../../src/session/clock.js';
import { setTimeout as sleep } from 'node:timers/promises';

test('a restarted timer runs its full time again from the restart, and fires once', async () => {
  const clock = new SystemClock();
  let fired = 0;
  const timer = clock.setTimeout(() => fired++, 60);
  await sleep(40);
  timer.restart();
  await sleep(40);
  assert.equal(fired, 0, 'the restart pushed the deadline back');
  await sleep(60);
  assert.equal(fired, 1);
  assert.equal(clock.liveTimers, 0);
});

test('a timer restarted after it fired, or after it was cancelled, fires again and is counted while armed', async () => {
  const clock = new SystemClock();
  let fired = 0;
  const timer = clock.setTimeout(() => fired++, 20);
  assert.equal(clock.liveTimers, 1);
  await sleep(50);
  assert.equal(fired, 1);
  assert.equal(clock.liveTimers, 0);
  timer.restart();
  assert.equal(clock.liveTimers, 1);
  await sleep(50);
  assert.equal(fired, 2);
  timer.restart();
  timer.cancel();
  assert.equal(clock.liveTimers, 0);
  await sleep(50);
  assert.equal(fired, 2, 'cancelled means it does not fire');
  timer.restart();
  timer.restart();
  assert.equal(clock.liveTimers, 1, 'restarting an armed timer does not count it twice');
  await sleep(50);
  assert.equal(fired, 3);
  timer.cancel();
  timer.cancel();
  assert.equal(clock.liveTimers, 0);
});
