/** The part of a net.Socket (any Writable) that corking needs. */
interface CorkableStream {
  readonly writableCorked: number;
  readonly destroyed: boolean;
  cork(): void;
  uncork(): void;
}

/**
 * Hold a stream's writes until the current tick is over, so everything the
 * board says in answer to one input (a clear, a screen, a prompt, each a
 * separate write) leaves in one writev instead of one system call and one
 * TCP segment each. The conversation runs in promise callbacks; a nextTick
 * queued from one runs after they have all settled, so nothing waits longer
 * than the answer takes to compute.
 */
export function corkForTick(stream: CorkableStream): void {
  if (stream.writableCorked > 0 || stream.destroyed) return;
  stream.cork();
  process.nextTick(uncorkAll, stream);
}

function uncorkAll(stream: CorkableStream): void {
  while (stream.writableCorked > 0) stream.uncork();
}
