import type { InputEvent, OutputEvent, Terminal } from './events.js';
import type { OfferedKey, SessionUser } from './identity.js';

export type { OfferedKey } from './identity.js';

/**
 * What a transport knows about one connection, handed to the exchange when a
 * caller dials in. `deliver` is how the conversation's output reaches the wire.
 */
export interface CallerPort {
  transport: string;
  remote: string;
  terminal: Terminal;
  /** Render one output event on the wire. Must not throw. */
  deliver(event: OutputEvent): void;
  /** Account already proven by the transport (an SSH password or key login): the call starts logged in. */
  preauthenticated?: SessionUser;
  /** A key the client signed with during SSH authentication that is not linked to any account yet. */
  offeredKey?: OfferedKey;
  /** A particular node's "phone number" was dialled (the JSON route @bbs.N, ws ?node=N): only that node may answer. */
  node?: number;
}

/** The transport's handle on a placed call: where its input events go. */
export interface CallHandle {
  readonly id: string;
  input(event: InputEvent): void;
}

/**
 * Where transports place calls. In one process the session runner is the
 * exchange; with worker nodes the gateway is, and it forwards over a link.
 */
export interface Exchange {
  dial(caller: CallerPort): CallHandle;
}
