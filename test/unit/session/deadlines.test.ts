import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock, TimerHandle } from '../../../src/session/clock.js';
import { Deadlines, type Deadlined } from '../../../src/session/deadlines.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/** A clock whose time moves only when told, firing its timers in order of their moments. */
class ManualClock implements Clock {
  private time = 0;
  private readonly timers = new Set<{ at: number; fn: () => void; ms: number }>();
  /** Every setTimeout ever made, to count how often Deadlines re-armed. */
  made = 0;

  now(): Date {
    return new Date(this.time);
  }

  steadyMs(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    this.made++;
    const timer = { at: this.time + ms, fn, ms };
    this.timers.add(timer);
    return {
      cancel: () => this.timers.delete(timer),
      restart: () => {
        timer.at = this.time + timer.ms;
        this.timers.add(timer);
      },
    };
  }

  get liveTimers(): number {
    return this.timers.size;
  }

  /** Move time forward to `to`, firing every timer due on the way, earliest first. */
  advanceTo(to: number): void {
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.at - b.at)[0];
      if (!next || next.at > to) break;
      this.time = Math.max(this.time, next.at);
      this.timers.delete(next);
      next.fn();
    }
    this.time = to;
  }
}

class Entry implements Deadlined {
  dueAt = 0;
  heapIndex = -1;
  readonly told: number[] = [];
  onDue: ((now: number) => void) | null = null;

  constructor(readonly name: number) {}

  due(now: number): void {
    this.told.push(now);
    this.onDue?.(now);
  }
}

test('entries are told in order of their deadlines, each once, at or after it, and the clock holds one timer while any waits', () => {
  const clock = new ManualClock();
  const deadlines = new Deadlines(clock);
  const entries = [50, 10, 30, 35, 20].map((at, i) => {
    const e = new Entry(i);
    deadlines.set(e, at);
    return e;
  });
  assert.equal(clock.liveTimers, 1);
  const order: number[] = [];
  for (const e of entries) e.onDue = () => order.push(e.name);
  clock.advanceTo(29);
  assert.deepEqual(order, [1, 4]);
  clock.advanceTo(100);
  assert.deepEqual(order, [1, 4, 2, 3, 0]);
  for (const e of entries) {
    assert.equal(e.told.length, 1);
    assert.ok(e.told[0]! >= e.dueAt);
    assert.equal(e.heapIndex, -1);
  }
  assert.equal(clock.liveTimers, 0, 'no timer once nothing waits');
});

test('a cleared entry is never told; a moved one is told at its new moment only', () => {
  const clock = new ManualClock();
  const deadlines = new Deadlines(clock);
  const [a, b, c] = [new Entry(0), new Entry(1), new Entry(2)];
  deadlines.set(a, 10);
  deadlines.set(b, 20);
  deadlines.set(c, 30);
  deadlines.clear(a);
  deadlines.clear(a);
  deadlines.set(b, 40);
  deadlines.set(c, 5);
  clock.advanceTo(35);
  assert.deepEqual(a.told, []);
  assert.deepEqual(c.told, [5]);
  assert.deepEqual(b.told, []);
  clock.advanceTo(40);
  assert.deepEqual(b.told, [40]);
  assert.equal(deadlines.size, 0);
  assert.equal(clock.liveTimers, 0);
});

test('when the first deadline moves later, the timer is not remade: it wakes once at the old moment and sleeps on', () => {
  const clock = new ManualClock();
  const deadlines = new Deadlines(clock);
  const callers = Array.from({ length: 100 }, (_, i) => new Entry(i));
  for (const e of callers) deadlines.set(e, 1000 + e.name);
  const made = clock.made;
  // Every caller answers in turn: each one's deadline moves to the back of the line.
  for (let round = 1; round <= 5; round++) for (const e of callers) deadlines.set(e, 1000 + round * 100 + e.name);
  assert.equal(clock.made, made, 'no timer made while deadlines only moved later');
  clock.advanceTo(1000);
  assert.ok(callers.every((e) => e.told.length === 0), 'the early wake-up tells nobody');
  assert.equal(clock.liveTimers, 1);
  clock.advanceTo(1600);
  assert.ok(callers.every((e) => e.told.length === 1));
});

test('an entry told may set its next deadline from inside due(), and is told again then', () => {
  const clock = new ManualClock();
  const deadlines = new Deadlines(clock);
  const warned = new Entry(0);
  warned.onDue = (now) => {
    if (warned.told.length === 1) deadlines.set(warned, now + 60);
  };
  deadlines.set(warned, 100);
  clock.advanceTo(1000);
  assert.deepEqual(warned.told, [100, 160]);
  assert.equal(clock.liveTimers, 0);
});

test('random sets, moves and clears agree with a plain list of deadlines', () => {
  const rand = seededRandom(12345);
  for (let round = 0; round < 20; round++) {
    const clock = new ManualClock();
    const deadlines = new Deadlines(clock);
    const entries = Array.from({ length: 60 }, (_, i) => new Entry(i));
    /** What the model says: each entry's deadline, or null when it is not waiting. */
    const model = new Map<Entry, number | null>(entries.map((e) => [e, null]));
    const expected = new Map<Entry, number[]>(entries.map((e) => [e, []]));
    for (let step = 0; step < 400; step++) {
      const e = entries[rand(entries.length)]!;
      const now = clock.steadyMs();
      const op = rand(10);
      if (op < 6) {
        const at = now + 1 + rand(200);
        deadlines.set(e, at);
        model.set(e, at);
      } else if (op < 8) {
        deadlines.clear(e);
        model.set(e, null);
      } else {
        const to = now + rand(80);
        for (const [m, at] of model) {
          if (at !== null && at <= to) {
            expected.get(m)!.push(at);
            model.set(m, null);
          }
        }
        clock.advanceTo(to);
      }
      assert.equal(deadlines.size, [...model.values()].filter((v) => v !== null).length);
    }
    for (const e of entries) {
      assert.equal(e.told.length, expected.get(e)!.length, `entry ${e.name} told ${e.told.length} times, expected ${expected.get(e)!.length}`);
      e.told.forEach((at, i) => assert.ok(at >= expected.get(e)![i]!, 'never told before its deadline'));
    }
  }
});
