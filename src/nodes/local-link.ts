import type { LinkEnd } from './link-protocol.js';

/** Handlers of one end, and what it takes to close it once. */
class Ends<A, B> {
  readonly aHandlers: Array<(m: B) => void> = [];
  readonly bHandlers: Array<(m: A) => void> = [];
  readonly closeHandlers: Array<(reason: string) => void> = [];
  closed = false;
}

/**
 * A link inside one process: messages are delivered in order on the next
 * microtask, so neither side ever runs inside the other's call stack (as it
 * would not across a process boundary either).
 */
export function localLinkPair<A, B>(): [LinkEnd<A, B>, LinkEnd<B, A>] {
  const ends = new Ends<A, B>();
  const close = (reason: string): void => {
    if (ends.closed) return;
    ends.closed = true;
    queueMicrotask(() => {
      for (const h of ends.closeHandlers) h(reason);
    });
  };
  const deliver = <M>(handlers: Array<(m: M) => void>, m: M): void => {
    if (ends.closed) return;
    queueMicrotask(() => {
      if (ends.closed) return;
      for (const h of handlers) h(m);
    });
  };
  const a: LinkEnd<A, B> = {
    send: (m) => deliver(ends.bHandlers, m),
    onMessage: (h) => void ends.aHandlers.push(h),
    onClose: (h) => void ends.closeHandlers.push(h),
    close: () => close('closed'),
  };
  const b: LinkEnd<B, A> = {
    send: (m) => deliver(ends.aHandlers, m),
    onMessage: (h) => void ends.bHandlers.push(h),
    onClose: (h) => void ends.closeHandlers.push(h),
    close: () => close('closed'),
  };
  return [a, b];
}
