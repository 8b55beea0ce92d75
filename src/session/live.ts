/**
 * What callers share while online: chat lines, pages, broadcasts, new-mail
 * notices, the sysop's kick. Flows publish and subscribe through this
 * interface only; in one process it is a plain in-memory bus, and with
 * worker nodes the gateway relays every event to every node.
 */

export type LiveEvent =
  | { kind: 'chat'; room: string; from: string; text: string; action: boolean; at: number }
  | { kind: 'chat-presence'; room: string; name: string; joined: boolean; at: number }
  /** `sysop`: sent by a sysop; `overrode`: it reached a caller who has pages off, as only a sysop's may. */
  | { kind: 'page'; toUserId: number; from: string; text: string; at: number; sysop?: boolean; overrode?: boolean }
  | { kind: 'broadcast'; from: string; text: string; at: number }
  | { kind: 'mail'; toUserId: number; from: string; subject: string; at: number }
  | { kind: 'kick'; sessionId: string; by: string; at: number };

export interface LiveBus {
  /** Deliver to every subscriber on every node, the publisher's own included. */
  publish(event: LiveEvent): void;
  /** Returns the unsubscribe function; call it when the call ends (io.onEnd). */
  subscribe(handler: (event: LiveEvent) => void): () => void;
}

/** One caller on the board, for who's online. */
export interface OnlineCaller {
  sessionId: string;
  node: number;
  line: number;
  transport: string;
  userId: number | null;
  user: string | null;
  doing: string;
  since: Date;
  connectedAt: Date;
  /** The board host the caller is on, when the board runs on several (see the bus setting). */
  host?: string;
}

export interface Roster {
  /** Every caller on every node, exact at the moment of asking. */
  online(): Promise<OnlineCaller[]>;
  /** How many callers are on the board: what menus show, without copying the whole roster. */
  count(): Promise<number>;
}

/** The in-process bus: synchronous fan-out; one failing handler never stops the others. */
export class LocalBus implements LiveBus {
  private readonly handlers = new Set<(event: LiveEvent) => void>();

  constructor(private readonly onHandlerError: (err: unknown) => void = () => {}) {}

  publish(event: LiveEvent): void {
    for (const h of [...this.handlers]) {
      try {
        h(event);
      } catch (err) {
        this.onHandlerError(err);
      }
    }
  }

  subscribe(handler: (event: LiveEvent) => void): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  get subscribers(): number {
    return this.handlers.size;
  }
}
