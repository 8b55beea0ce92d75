import type { Socket } from 'node:net';

/**
 * A refused caller is told why and hung up, but cheaply: a flood of refused
 * connections must not hold the descriptors the caps exist to protect. Each
 * refused socket gets a short grace to read its last words, and only so many
 * may be in that grace at once; past that a refused socket is cut at once,
 * unanswered (a flood that fast is not reading anyway).
 */

/** A refused peer has this long to read the refusal before the socket is cut. */
export const REFUSAL_GRACE_MS = 250;
/** Refused sockets waiting out their grace, per listener; the next is cut at once. */
export const MAX_REFUSALS_IN_FLIGHT = 64;

interface RefusedSocketsOptions {
  graceMs?: number;
  maxInFlight?: number;
}

export class RefusedSockets {
  readonly graceMs: number;
  readonly maxInFlight: number;
  private readonly sockets = new Set<Socket>();
  private closed = false;

  constructor(opts: RefusedSocketsOptions = {}) {
    this.graceMs = opts.graceMs ?? REFUSAL_GRACE_MS;
    this.maxInFlight = opts.maxInFlight ?? MAX_REFUSALS_IN_FLIGHT;
  }

  /** Refused sockets still open. */
  get inFlight(): number {
    return this.sockets.size;
  }

  /**
   * Take charge of a refused socket: it is cut when its grace runs out, or at
   * once (and false is returned) when too many are in flight or the listener
   * is closing. The caller writes the last words and ends the socket.
   */
  take(socket: Socket): boolean {
    socket.on('error', () => {});
    if (this.closed || this.sockets.size >= this.maxInFlight) {
      socket.destroy();
      return false;
    }
    this.sockets.add(socket);
    const cut = setTimeout(() => socket.destroy(), this.graceMs);
    cut.unref();
    socket.once('close', () => {
      clearTimeout(cut);
      this.sockets.delete(socket);
    });
    return true;
  }

  /** Send the last words and hang up; what the peer sends meanwhile is read and dropped, so the close is a FIN and not a reset that could eat the words. */
  refuse(socket: Socket, lastWords: Buffer | string): void {
    if (!this.take(socket)) return;
    socket.on('data', () => {});
    socket.end(lastWords);
  }

  /** The listener is closing: cut every refused socket now and every later one at once. */
  closeAll(): void {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
  }
}
