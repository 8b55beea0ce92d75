import { hostname } from 'node:os';
import type { BoardConfig } from '../config/config.js';
import type { HostListing } from './bus-wire.js';

/**
 * The name callers reach this host by, for the other hosts' phone books: the
 * web address's host when the sysop set one, else the address it listens on,
 * else (listening on every address) the machine's own name. "localhost"
 * would send another host's caller to the wrong machine.
 */
export function listingName(config: Pick<BoardConfig, 'host' | 'web'>): string {
  if (config.web.url) return new URL(config.web.url).hostname.replace(/^\[|\]$/g, '');
  if (config.host !== '0.0.0.0' && config.host !== '::' && config.host !== '') return config.host;
  return hostname();
}

/** This host's phone numbers as the heartbeat carries them: its name, each open port, and the WebSocket's path. */
export function hostListing(
  config: Pick<BoardConfig, 'host' | 'web'>,
  listeners: ReadonlyArray<{ transport: string; address: { port: number } }>,
  wsPath: string | null,
): HostListing {
  return { name: listingName(config), ports: listeners.map((l) => ({ transport: l.transport, port: l.address.port })), wsPath };
}
