import type { LiveEvent, OnlineCaller } from '../session/live.js';
import type { HostListing, HostNode } from './bus-wire.js';
import type { HostView } from './host-table.js';

/** This host's own callers, nodes and numbers, as the gateway sees them: what the bus tells the other hosts. */
export interface LocalCallers {
  roster(): OnlineCaller[];
  count(): number;
  nodes(): HostNode[];
  /** Null until the ports are open. */
  listing(): HostListing | null;
}

/**
 * The board's other hosts, as the gateway sees them: the live events they
 * publish, how many callers they have, and who those callers are. The
 * gateway knows only this interface; which message bus carries it is the
 * business of its one implementation (nats-link.ts).
 */
export interface HostBus {
  /** The name of this host on the bus. */
  readonly hostId: string;
  /** Start serving this host's callers to the others (heartbeats and their `who`). */
  serve(local: LocalCallers): void;
  /** Send an event published on this host to every other host; never delivered back here. */
  publish(event: LiveEvent): void;
  /** Events published on other hosts. */
  onEvent(handler: (event: LiveEvent) => void): void;
  /** What the other hosts add up to changed: a host came, went, or has a new count. */
  onChange(handler: () => void): void;
  /** Callers on the other live hosts, as their last heartbeats said. */
  othersCount(): number;
  /** The other live hosts' nodes and numbers, as their last heartbeats said. */
  othersNodes(): HostView[];
  /** Every caller on the other live hosts, each marked with its host; a host that does not answer in time is left out. */
  othersRoster(): Promise<OnlineCaller[]>;
  /** This host's count changed: tell the others now rather than at the next heartbeat. */
  localChanged(): void;
  /** Say goodbye, so the others forget this host at once, and disconnect. */
  close(): Promise<void>;
}
