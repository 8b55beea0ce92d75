import type { InputEvent, OutputEvent, Terminal } from './events.js';

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
  /** Account name already proven by the transport (SSH password or key login), if any. */
  preauthenticatedUser?: string;
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
