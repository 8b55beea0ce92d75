import type { LinkEnd } from './link-protocol.js';

const settled = Promise.resolve();

/**
 * The messages sent towards one end and not yet handed to its handlers.
 * They go out together on the next microtask, in the order sent, as a
 * chunk of messages read from a pipe would. One queue per direction, made
 * once: queueMicrotask per message made an async resource, a bound function
 * and a closure for each, and a key press sends several messages.
 */
class Direction<M> {
  readonly handlers: Array<(m: M) => void> = [];
  private queued: M[] = [];
  private spare: M[] = [];
  private scheduled = false;
  private readonly flush = (): void => this.deliverQueued();

  constructor(private readonly isClosed: () => boolean) {}

  send(m: M): void {
    if (this.isClosed()) return;
    this.queued.push(m);
    if (this.scheduled) return;
    this.scheduled = true;
    void settled.then(this.flush);
  }

  private deliverQueued(): void {
    this.scheduled = false;
    // What a handler sends meanwhile waits for the next microtask, as it would have alone.
    const batch = this.queued;
    this.queued = this.spare;
    try {
      for (const m of batch) {
        if (this.isClosed()) return;
        for (const h of this.handlers) deliverOne(h, m);
      }
    } finally {
      batch.length = 0;
      this.spare = batch;
    }
  }
}

/** A handler that throws fails alone, as an uncaught error, as it did in a microtask of its own; the rest are still delivered. */
function deliverOne<M>(handler: (m: M) => void, m: M): void {
  try {
    handler(m);
  } catch (err) {
    queueMicrotask(() => {
      throw err;
    });
  }
}

/**
 * A link inside one process: messages are delivered in order on the next
 * microtask, so neither side ever runs inside the other's call stack (as it
 * would not across a process boundary either).
 */
export function localLinkPair<A, B>(): [LinkEnd<A, B>, LinkEnd<B, A>] {
  let closed = false;
  const isClosed = (): boolean => closed;
  const toA = new Direction<B>(isClosed);
  const toB = new Direction<A>(isClosed);
  const closeHandlers: Array<(reason: string) => void> = [];
  const close = (reason: string): void => {
    if (closed) return;
    closed = true;
    queueMicrotask(() => {
      for (const h of closeHandlers) h(reason);
    });
  };
  const a: LinkEnd<A, B> = {
    send: (m) => toB.send(m),
    onMessage: (h) => void toA.handlers.push(h),
    onClose: (h) => void closeHandlers.push(h),
    close: () => close('closed'),
  };
  const b: LinkEnd<B, A> = {
    send: (m) => toA.send(m),
    onMessage: (h) => void toB.handlers.push(h),
    onClose: (h) => void closeHandlers.push(h),
    close: () => close('closed'),
  };
  return [a, b];
}
