import type { LiveBus, LiveEvent, OnlineCaller, Roster } from '../session/live.js';
import { LocalBus } from '../session/live.js';
import { fromWire, type FromNode, type OnlineCallerWire } from './link-protocol.js';

/**
 * A node's view of the board-wide live bus: what it publishes goes to the
 * gateway, which relays it to every node (this one included); what arrives
 * from the gateway is delivered to this node's subscribers.
 */
export class LinkedBus implements LiveBus {
  private readonly local: LocalBus;

  constructor(
    private readonly send: (m: FromNode) => void,
    onHandlerError: (err: unknown) => void,
  ) {
    this.local = new LocalBus(onHandlerError);
  }

  publish(event: LiveEvent): void {
    this.send({ t: 'live', event });
  }

  subscribe(handler: (event: LiveEvent) => void): () => void {
    return this.local.subscribe(handler);
  }

  /** An event relayed by the gateway. */
  deliver(event: LiveEvent): void {
    this.local.publish(event);
  }
}

/**
 * Who's online, from the gateway, which alone sees every node: the full
 * roster is asked for; the count, which every menu shows, is pushed by the
 * gateway whenever it changes and answered from here at once.
 */
export class LinkedRoster implements Roster {
  private nextId = 1;
  /** The last count the gateway announced, as the one settled promise every menu awaits until it changes. */
  private known = Promise.resolve(0);
  private knownCount = 0;
  private readonly pending = new Map<number, { resolve: (answer: { callers: OnlineCallerWire[]; count: number }) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly send: (m: FromNode) => void,
    private readonly timeoutMs = 2000,
  ) {}

  async online(): Promise<OnlineCaller[]> {
    return (await this.ask()).callers.map(fromWire);
  }

  count(): Promise<number> {
    return this.known;
  }

  /** The gateway's announcement of how many are on the board. */
  setCount(count: number): void {
    if (count === this.knownCount) return;
    this.knownCount = count;
    this.known = Promise.resolve(count);
  }

  answer(id: number, callers: OnlineCallerWire[], count: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve({ callers, count });
  }

  private ask(): Promise<{ callers: OnlineCallerWire[]; count: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('who is online: the gateway did not answer'));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.send({ t: 'ask-roster', id });
    });
  }
}
