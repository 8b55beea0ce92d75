import type { Clock, TimerHandle } from './clock.js';

/** Something with a deadline in `Deadlines`, which alone writes its two fields. */
export interface Deadlined {
  /** The steady-clock moment it is due (ms); meaningful only while it is in the heap. */
  dueAt: number;
  /** Its place in the heap; -1 while it is not in it. */
  heapIndex: number;
  /** Its moment has come (it has left the heap; it may set a new deadline). */
  due(now: number): void;
}

/**
 * Many deadlines on one timer: a binary min-heap by due time, with the
 * clock's timer armed for the earliest. Every waiting caller has a deadline
 * (the login grace, the idle limit), and a Node timer of its own is three
 * objects and a closure per caller; a place in this heap is a slot in one
 * array and two numbers. Moving a deadline is O(log n) and allocates nothing.
 *
 * The timer is moved only to an earlier moment. When the earliest deadline
 * moves later (its caller answered), the timer still fires at the old moment,
 * finds nothing due and sleeps until the new earliest: one wasted wake-up
 * rather than a new timer every time the first caller in line types.
 */
export class Deadlines {
  private readonly heap: Deadlined[] = [];
  private timer: TimerHandle | null = null;
  /** The moment the timer is armed for; 0 when it is not. */
  private timerAt = 0;
  /** Inside `fire`: arming waits until every due entry has been told. */
  private firing = false;

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.heap.length;
  }

  /** Due at `at` (steady ms): added, or moved if it was already due at another moment. */
  set(entry: Deadlined, at: number): void {
    if (entry.heapIndex < 0) {
      entry.dueAt = at;
      entry.heapIndex = this.heap.length;
      this.heap.push(entry);
      this.up(entry.heapIndex);
    } else {
      const earlier = at < entry.dueAt;
      entry.dueAt = at;
      if (earlier) this.up(entry.heapIndex);
      else this.down(entry.heapIndex);
    }
    this.arm();
  }

  /** Not due at all any more; nothing if it was not. */
  clear(entry: Deadlined): void {
    if (entry.heapIndex < 0) return;
    this.remove(entry);
    this.arm();
  }

  private remove(entry: Deadlined): void {
    const at = entry.heapIndex;
    entry.heapIndex = -1;
    const last = this.heap.pop()!;
    if (last === entry) return;
    this.heap[at] = last;
    last.heapIndex = at;
    this.down(at);
    this.up(last.heapIndex);
  }

  /** The timer for the earliest deadline, if it is not already armed for that moment or before. */
  private arm(): void {
    if (this.firing) return;
    const first = this.heap[0];
    if (!first) {
      this.timer?.cancel();
      this.timer = null;
      this.timerAt = 0;
      return;
    }
    if (this.timer && this.timerAt <= first.dueAt) return;
    this.timer?.cancel();
    this.timerAt = first.dueAt;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(first.dueAt - this.clock.steadyMs(), 0));
  }

  private fire(): void {
    // The moment the timer was armed for has come, whatever the clock reads a hair before it.
    const now = Math.max(this.clock.steadyMs(), this.timerAt);
    this.timer = null;
    this.timerAt = 0;
    this.firing = true;
    try {
      for (let first = this.heap[0]; first && first.dueAt <= now; first = this.heap[0]) {
        this.remove(first);
        first.due(now);
      }
    } finally {
      this.firing = false;
      this.arm();
    }
  }

  private up(at: number): void {
    const heap = this.heap;
    const entry = heap[at]!;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = heap[parentAt]!;
      if (parent.dueAt <= entry.dueAt) break;
      heap[at] = parent;
      parent.heapIndex = at;
      at = parentAt;
    }
    heap[at] = entry;
    entry.heapIndex = at;
  }

  private down(at: number): void {
    const heap = this.heap;
    const entry = heap[at]!;
    for (;;) {
      const leftAt = 2 * at + 1;
      if (leftAt >= heap.length) break;
      const rightAt = leftAt + 1;
      const childAt = rightAt < heap.length && heap[rightAt]!.dueAt < heap[leftAt]!.dueAt ? rightAt : leftAt;
      const child = heap[childAt]!;
      if (child.dueAt >= entry.dueAt) break;
      heap[at] = child;
      child.heapIndex = at;
      at = childAt;
    }
    heap[at] = entry;
    entry.heapIndex = at;
  }
}
