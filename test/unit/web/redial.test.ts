import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedialer, type Redialer } from '../../../web/redial.js';

/** A redialer on a clock the test moves by hand. */
function onTestClock(delays: number[]): { r: Redialer; ticks: number[]; dials: () => number; advance: (ms: number) => void } {
  let now = 0;
  let dials = 0;
  const ticks: number[] = [];
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const r = createRedialer({
    dial: () => dials++,
    tick: (s: number) => ticks.push(s),
    delays,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimer: (id: number) => timers.delete(id),
  });
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = end;
  };
  return { r, ticks, dials: () => dials, advance };
}

test('a drop counts down a second at a time, then dials; each try waits longer; the tries run out', () => {
  const { r, ticks, dials, advance } = onTestClock([2000, 4000]);
  assert.equal(r.trying, false);
  assert.equal(r.schedule(), true);
  assert.equal(r.trying, true);
  assert.deepEqual(ticks, [2]);
  advance(1999);
  assert.deepEqual(ticks, [2, 1]);
  assert.equal(dials(), 0, 'not before its time');
  advance(1);
  assert.equal(dials(), 1);
  // That call failed too: the next try waits longer.
  assert.equal(r.schedule(), true);
  advance(4000);
  assert.deepEqual(ticks, [2, 1, 4, 3, 2, 1]);
  assert.equal(dials(), 2);
  assert.equal(r.schedule(), false, 'every try used');
  advance(10_000);
  assert.equal(dials(), 2);
});

test('a call that gets through, or Redial by hand, starts the tries afresh; cancel stops a countdown', () => {
  const { r, dials, advance } = onTestClock([2000, 4000]);
  r.schedule();
  r.cancel();
  advance(5000);
  assert.equal(dials(), 0, 'a cancelled countdown dials nothing');
  assert.equal(r.trying, true);
  r.reset();
  assert.equal(r.trying, false);
  assert.equal(r.schedule(), true);
  advance(2000);
  assert.equal(dials(), 1, 'the first pause again after a reset');
});
