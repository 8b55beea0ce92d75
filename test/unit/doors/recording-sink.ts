import { fileURLToPath } from 'node:url';
import type { RawOutcome, RawPeer, RawSink } from '../../../src/doors/raw-peer.js';
import { until } from '../../helpers/until.js';

/** The door test programs in test/fixtures/doors. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/doors/${name}`, import.meta.url));
}

/**
 * A sink that keeps what a peer sends, as the gateway's end of a handed-off
 * terminal would: every byte, the outcome, and how often end was called.
 * `accept` decides what data() answers (false: the caller's line is full).
 */
export class RecordingSink implements RawSink {
  chunks: Buffer[] = [];
  bytes = 0;
  outcomes: RawOutcome[] = [];
  accept: (chunk: Buffer) => boolean = () => true;

  data(bytes: Uint8Array): boolean {
    const chunk = Buffer.from(bytes);
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    return this.accept(chunk);
  }

  end(outcome: RawOutcome): void {
    this.outcomes.push(outcome);
  }

  /** Everything received, as one buffer. */
  all(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.all().toString('latin1');
  }

  async waitForText(pattern: string | RegExp, ms = 5000): Promise<void> {
    await until(
      () => `${String(pattern)} in door output ${JSON.stringify(this.text().slice(-400))}`,
      () => (typeof pattern === 'string' ? this.text().includes(pattern) : pattern.test(this.text())),
      ms,
    );
  }

  async waitForEnd(ms = 5000): Promise<RawOutcome> {
    await until(() => `the door to end; output ${JSON.stringify(this.text().slice(-400))}`, () => this.outcomes.length > 0, ms);
    return this.outcomes[0]!;
  }
}

/** Starts `peer` with a fresh sink; the test's teardown stops it whatever happened. */
export function started(peer: RawPeer, t: { after(fn: () => void | Promise<void>): void }): RecordingSink {
  const sink = new RecordingSink();
  peer.start(sink);
  t.after(async () => {
    peer.stop('ended');
    await sink.waitForEnd(10_000);
  });
  return sink;
}
