import type { Socket } from 'node:net';
import type { ProxyRange } from '../../config/trusted-proxies.js';
import { normalizeAddress } from '../limits/connection-limiter.js';
import type { RefusalLog } from '../limits/refusal-log.js';
import { remoteOf } from '../listener.js';
import { proxyMatcher, type ProxyMatcher } from './proxy-matcher.js';
import { ProxyV2Reader, startsWithProxyV2Signature, type ProxiedSource } from './proxy-v2.js';
import { readAhead } from './read-ahead.js';

/** A trusted balancer sends its header with the connection; one that has not within this is not sending one. */
const PROXY_HEADER_TIMEOUT_MS = 5000;

/**
 * Connections from balancers that may wait for their header at once, per
 * listener. Each is counted by no gate until its header names the caller,
 * so without this a balancer gone wrong could hold every descriptor.
 */
const MAX_WAITING_FOR_HEADER = 1024;

const UNTRUSTED_HEADER = 'PROXY header from an untrusted address';

interface ProxyFrontOptions {
  /** Load balancers whose PROXY v2 header is believed. */
  trusted: readonly ProxyRange[];
  /** Where refused connections are logged, in summary with the listener's other refusals. */
  refusals: RefusalLog;
  headerTimeoutMs?: number;
  maxWaiting?: number;
}

/**
 * The door in front of a listener: learns who a caller is before the
 * listener's gate counts them. A connection from a trusted balancer must open
 * with a PROXY v2 header, and is then known by the address the header names
 * (or by the balancer's own, for a LOCAL health check); one without a valid
 * header is closed. Anyone else is known by their own address at once, as
 * before, and their first chunk is looked at before their protocol reads it:
 * one that opens with the PROXY v2 signature is closed, never believed.
 */
export class ProxyFront {
  private readonly isTrusted: ProxyMatcher;
  private readonly timeoutMs: number;
  private readonly maxWaiting: number;
  /** Connections from a balancer still waiting for their header: closed with the listener. */
  private readonly waiting = new Set<Socket>();
  private closed = false;

  constructor(private readonly opts: ProxyFrontOptions) {
    this.isTrusted = proxyMatcher(opts.trusted);
    this.timeoutMs = opts.headerTimeoutMs ?? PROXY_HEADER_TIMEOUT_MS;
    this.maxWaiting = opts.maxWaiting ?? MAX_WAITING_FOR_HEADER;
  }

  /** Calls `admit` with the caller's address once it is known; a connection refused here is closed and logged, and `admit` never runs. */
  accept(socket: Socket, admit: (remote: string) => void): void {
    // Gone before it was looked at (a balancer's health check sends its header and resets at once):
    // with no address it can be neither trusted nor refused by one, and there is no one to answer.
    if (socket.remoteAddress === undefined) {
      socket.destroy();
      return;
    }
    const own = normalizeAddress(remoteOf(socket));
    if (this.isTrusted(own)) {
      this.readHeader(socket, own, admit);
      return;
    }
    // Set up before admit: the protocol's listeners, attached there, must not see the first chunk before we do.
    readAhead(socket, (first) => {
      if (!startsWithProxyV2Signature(first)) return first;
      this.refuse(socket, own, UNTRUSTED_HEADER);
      return null;
    });
    admit(own);
  }

  /** Closes the connections still waiting for a header; their callers were never admitted. */
  close(): void {
    this.closed = true;
    for (const socket of this.waiting) socket.destroy();
    this.waiting.clear();
  }

  private readHeader(socket: Socket, own: string, admit: (remote: string) => void): void {
    if (this.waiting.size >= this.maxWaiting) {
      this.refuse(socket, own, `${this.maxWaiting} connections from trusted proxies are already waiting for their PROXY v2 header`);
      return;
    }
    const reader = new ProxyV2Reader();
    let remote = own;
    this.waiting.add(socket);
    const settle = (): void => {
      clearTimeout(timer);
      this.waiting.delete(socket);
      socket.off('close', onClose);
    };
    const timer = setTimeout(() => {
      settle();
      this.refuse(socket, own, `no PROXY v2 header from a trusted proxy within ${this.timeoutMs} ms`);
    }, this.timeoutMs);
    const onClose = (): void => {
      settle();
      // Closed by us with the listener, it is no balancer's doing.
      if (!this.closed) this.opts.refusals.note(own, 'closed by a trusted proxy before its PROXY v2 header');
    };
    socket.once('close', onClose);
    readAhead(
      socket,
      (chunk) => {
        const result = reader.push(chunk);
        if (result.kind === 'more') return undefined;
        settle();
        if (result.kind === 'error') {
          this.refuse(socket, own, `no valid PROXY v2 header from a trusted proxy: ${result.reason}`);
          return null;
        }
        if (result.kind === 'proxy') remote = adoptPeer(socket, result.source);
        return result.rest;
      },
      () => admit(remote),
    );
  }

  private refuse(socket: Socket, own: string, reason: string): void {
    this.opts.refusals.note(own, reason);
    socket.destroy();
  }
}

/**
 * From here on the socket reports the caller the header names. Every reader
 * of the peer's address looks at the socket (our transports and logs, ssh2's
 * client info, the HTTP request and the WebSocket), so this one place makes
 * them all agree, down to ssh's key of the connection by address and port.
 */
function adoptPeer(socket: Socket, source: ProxiedSource): string {
  const family = source.address.includes(':') ? 'IPv6' : 'IPv4';
  Object.defineProperty(socket, 'remoteAddress', { value: source.address, configurable: true });
  Object.defineProperty(socket, 'remotePort', { value: source.port, configurable: true });
  Object.defineProperty(socket, 'remoteFamily', { value: family, configurable: true });
  return source.address;
}
