import type { AddressInfo } from 'node:net';
import type { ProxyRange } from '../config/trusted-proxies.js';
import type { Exchange } from '../session/caller.js';
import type { Logger } from '../logger.js';

/** One open listening socket of one transport, as main.ts sees it. */
export interface RunningListener {
  /** Transport name as printed on the `listening NAME HOST:PORT` line. */
  readonly transport: string;
  readonly address: AddressInfo;
  /** Stop accepting, end every open connection of this listener, resolve when all are gone. */
  close(): Promise<void>;
}

/** What every transport is given when it starts. */
export interface TransportContext {
  exchange: Exchange;
  log: Logger;
  /** Load balancers whose PROXY v2 header names the caller (see proxy/proxy-front.ts); none by default. */
  trustedProxies?: readonly ProxyRange[];
}

/** Admission control shared by every transport: caps per address and in total. */
export interface ConnectionGate {
  tryAcquire(remote: string): { ok: true; release(): void } | { ok: false; reason: string };
}

/** The caller's address as the board writes it in logs and the call log. */
export function remoteOf(socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }): string {
  return socket.remoteAddress ?? 'unknown';
}
