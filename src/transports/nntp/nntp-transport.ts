import type { Socket } from 'node:net';
import type { Logger } from '../../logger.js';
import type { ConnectionGate, RunningListener } from '../listener.js';
import type { ProxyRange } from '../../config/trusted-proxies.js';
import { END_GRACE_MS, endWithin, listenTcp } from '../tcp-listener.js';
import { LineSplitter } from './line-splitter.js';
import type { NewsBoard } from './news-board.js';
import type { NewsLoginDeps } from './news-login.js';
import { NntpSession } from './nntp-session.js';

interface NntpTransportOptions {
  host: string;
  port: number;
  log: Logger;
  gate: ConnectionGate;
  trustedProxies?: readonly ProxyRange[];
  board: NewsBoard;
  login: Omit<NewsLoginDeps, 'log'>;
  boardName: string;
  /** A reader silent this long is told so and hung up on. */
  idleTimeoutMs: number;
  /** Most bytes of one posted article. */
  maxArticleBytes: number;
}

/** RFC 3977 allows 512 octets a command line; article lines past 998 are not news either. Room for both, and a little more. */
const MAX_LINE_BYTES = 4096;
/** Output waiting for a reader that does not read, past which a reply waits for the wire to drain. */
const HIGH_WATER = 256 * 1024;

/**
 * The NNTP port: the listener glue shared with telnet (the gate, the caps,
 * refusals, a trusted balancer's PROXY header) around one NntpSession per
 * connection. Nothing here knows NNTP beyond the greeting's place.
 */
export function startNntp(opts: NntpTransportOptions): Promise<RunningListener> {
  const log = opts.log.child({ transport: 'nntp' });
  return listenTcp({
    transport: 'nntp',
    host: opts.host,
    port: opts.port,
    log: opts.log,
    gate: opts.gate,
    trustedProxies: opts.trustedProxies,
    // 400: the service is not available to this caller now (RFC 3977 section 5.1.1).
    refusal: (reason) => `400 ${reason.replace(/[\r\n]+/g, ' ')}\r\n`,
    onConnection: (socket, remote) => serve(socket, remote, opts, log),
  });
}

function serve(socket: Socket, remote: string, opts: NntpTransportOptions, log: Logger): () => void {
  log.debug('nntp connection', { remote });
  let ended = false;
  const end = (lastWords?: string): void => {
    if (ended) return;
    ended = true;
    session.close();
    endWithin(socket, END_GRACE_MS, lastWords);
  };
  const session = new NntpSession({
    board: opts.board,
    login: { ...opts.login, log },
    remote,
    boardName: opts.boardName,
    log,
    maxArticleBytes: opts.maxArticleBytes,
    write: (text) => writeWithRoom(socket, text),
    end: () => end(),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
  });
  const splitter = new LineSplitter(MAX_LINE_BYTES);
  socket.setTimeout(opts.idleTimeoutMs);
  socket.on('timeout', () => end('400 idle for too long; goodbye\r\n'));
  socket.on('data', (chunk: Buffer) => {
    for (const line of splitter.push(chunk)) session.receive(line);
  });
  socket.on('end', () => end());
  socket.on('close', () => session.close());
  socket.write(session.greeting());
  return () => end('400 the board is shutting down\r\n');
}

/** Writes, and when the reader has a lot unread, resolves only once it has taken it (or the line is gone). */
function writeWithRoom(socket: Socket, text: string): Promise<void> {
  if (socket.destroyed || !socket.writable) return Promise.resolve();
  socket.write(text);
  if (socket.writableLength < HIGH_WATER) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
