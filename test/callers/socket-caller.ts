import { connect, type Socket } from 'node:net';
import type { TestContext } from 'node:test';
import { TextStream } from './text-stream.js';

export interface SocketCallerOptions {
  port: number;
  host?: string;
  /** The source address, so many callers can come from many loopback addresses. */
  localAddress?: string;
  /** Given the test's context, the connection is closed after the test, whatever happened. */
  t?: Pick<TestContext, 'after'>;
}

/** A bare port means the board on loopback. */
export function socketOptions(to: number | SocketCallerOptions, host?: string): SocketCallerOptions {
  return typeof to === 'number' ? { port: to, ...(host === undefined ? {} : { host }) } : to;
}

/**
 * What the telnet and JSON-socket callers share: a TCP socket to the board,
 * Nagle off so a key goes out the moment it is typed, and a screen whose
 * waits end with the connection. Each protocol turns the bytes it reads into
 * text for the screen.
 */
export abstract class SocketCaller {
  readonly socket: Socket;
  readonly screen = new TextStream();
  /** Settles once the socket is open, or rejects if it never opens. */
  readonly connected: Promise<void>;
  /** Settles once the socket is gone, whoever closed it. */
  readonly ended: Promise<void>;
  closed = false;

  constructor(opts: SocketCallerOptions) {
    this.socket = connect({ port: opts.port, host: opts.host ?? '127.0.0.1', ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) });
    this.socket.setNoDelay(true);
    opts.t?.after(() => this.close());
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.ended = new Promise((resolve) =>
      this.socket.once('close', () => {
        this.closed = true;
        resolve();
      }),
    );
    this.socket.on('error', (err) => this.screen.end(`socket error ${err.message}`));
    this.socket.on('close', () => this.screen.end('connection closed'));
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  /** The protocol's reading of what arrived. */
  protected abstract onData(chunk: Buffer): void;

  /** Resolves with the text up to and including the match; rejects after `timeoutMs` or when the connection ends first. */
  until(match: RegExp | string, timeoutMs?: number): Promise<string> {
    return this.screen.until(match, timeoutMs);
  }

  close(): void {
    this.socket.destroy();
  }
}
