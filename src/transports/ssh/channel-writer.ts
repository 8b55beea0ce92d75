/** The part of an ssh2 channel (any Writable) the writer needs. */
interface WritableChannel {
  write(chunk: Buffer): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

interface ChannelWriterOptions {
  /** Output held back while the caller's window is full; past this they are not reading at all. */
  maxQueuedBytes: number;
  /** Called once when the queue would overflow; the writer drops everything after that. */
  onOverflow: () => void;
}

/**
 * Output to one SSH channel with backpressure. Writes made in one tick (a
 * clear, a screen, a prompt) go to the channel together at the end of it, as
 * one SSH packet instead of one encrypted packet each. A channel's `write`
 * returns false when the client's window is full; from then on output waits
 * here until `drain`, in a queue with a hard byte limit, so a caller who
 * stops reading costs bounded memory and is then dropped.
 */
export class ChannelWriter {
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private waiting = false;
  private scheduled = false;
  private dead = false;
  private flushedWaiters: Array<() => void> = [];

  constructor(
    private readonly channel: WritableChannel,
    private readonly opts: ChannelWriterOptions,
  ) {}

  get queued(): number {
    return this.queuedBytes;
  }

  get overflowed(): boolean {
    return this.dead;
  }

  write(bytes: Buffer): void {
    if (this.dead || bytes.length === 0) return;
    if (this.waiting && this.queuedBytes + bytes.length > this.opts.maxQueuedBytes) {
      this.dead = true;
      this.queue.length = 0;
      this.queuedBytes = 0;
      this.flushedWaiters = [];
      this.opts.onOverflow();
      return;
    }
    this.queue.push(bytes);
    this.queuedBytes += bytes.length;
    if (!this.waiting && !this.scheduled) {
      this.scheduled = true;
      process.nextTick(() => {
        this.scheduled = false;
        if (!this.waiting) this.flush();
      });
    }
  }

  /** Run `fn` once everything written so far has been handed to the channel (never, if the writer overflowed). */
  whenFlushed(fn: () => void): void {
    if (this.dead) return;
    if (!this.waiting && this.queue.length === 0) fn();
    else this.flushedWaiters.push(fn);
  }

  private waitForDrain(): void {
    this.waiting = true;
    this.channel.once('drain', () => this.flush());
  }

  private flush(): void {
    this.waiting = false;
    if (this.dead) return;
    if (this.queue.length > 0) {
      const chunk = this.queue.length === 1 ? this.queue[0]! : Buffer.concat(this.queue);
      this.queue.length = 0;
      this.queuedBytes = 0;
      if (!this.channel.write(chunk)) {
        this.waitForDrain();
        return;
      }
    }
    const waiters = this.flushedWaiters;
    this.flushedWaiters = [];
    for (const fn of waiters) fn();
  }
}
