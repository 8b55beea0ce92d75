import type { Socket } from 'node:net';
import type { Logger } from '../../logger.js';
import type { ConnectionGate, RunningListener, TransportContext } from '../listener.js';
import { remoteOf } from '../listener.js';
import { END_GRACE_MS, endWithin, listenTcp } from '../tcp-listener.js';
import type { ExecContext } from './exec-commands.js';
import type { HostKeys } from './host-keys.js';
import type { SshAccounts } from './ssh-accounts.js';
import type { PasswordGuard } from '../../rules/login-guard.js';
import type { SshConnectionOptions } from './ssh-connection.js';
import type { SshServer } from './ssh-server.js';
import type { SftpFiles } from './sftp/sftp-session.js';

export interface SshTransportOptions extends TransportContext {
  host: string;
  port: number;
  gate?: ConnectionGate;
  /** Who may log in, by password or by a linked key. */
  accounts: SshAccounts;
  hostKeys: HostKeys;
  /** `ssh THIS@host` needs no credentials and meets the board's own login. */
  frontDoorUser: string;
  /** From TCP connect until the board opens: authenticate and start a shell (or a command) in this time. Default 30 s. */
  preauthTimeoutMs?: number;
  /** Failed authentication attempts per connection before it is cut off. Default 6, as OpenSSH. */
  maxAuthAttempts?: number;
  /** Failed-password back-off shared with the board's own login. */
  loginGuard?: PasswordGuard;
  /** For `ssh bbs@host who`: callers online as plain text. */
  who?: () => string | Promise<string>;
  /** For `ssh bbs@host motd`. */
  motd?: () => string | Promise<string>;
  /** For `ssh NAME@host web`: a one-time web login link for the account, as a whole URL, or null when there is no web port. */
  webLogin?: (userId: number) => Promise<string | null>;
  /** The file areas, for `sftp NAME@host`; without them sftp is refused. */
  files?: SftpFiles;
  /** Output a caller may leave unread before they are dropped. Default 1 MiB. */
  maxQueuedBytes?: number;
  /** How the SSH server module (and ssh2 with it) is loaded on the first call; tests slow it down or make it fail. */
  loadServer?: () => Promise<typeof import('./ssh-server.js')>;
}

const DEFAULT_PREAUTH_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_AUTH_ATTEMPTS = 6;
const DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;

/** What a caller reads when the SSH server cannot be started; the log has the cause. */
export const SSH_UNAVAILABLE = 'SSH is not available on this board right now. Please try again later.';

/**
 * `ssh bbs@host`: the board over SSH. ssh2 does the protocol; around it this
 * adds what ssh2 leaves out: the shared connection gate (checked on the raw
 * TCP connection, before any key exchange is spent on a caller we will not
 * serve), a deadline for reaching the board, a cap on authentication
 * attempts, and an error listener on every client so that one broken peer
 * never takes the process down.
 */
export async function startSsh(opts: SshTransportOptions): Promise<RunningListener> {
  const preauthTimeoutMs = opts.preauthTimeoutMs ?? DEFAULT_PREAUTH_TIMEOUT_MS;
  const exec: ExecContext = {
    who: opts.who ?? (() => 'Nobody is listed here.\n'),
    motd: opts.motd ?? (() => ''),
    webLogin: opts.webLogin,
  };
  // ssh2 names each client only by address and port when it hands it over; this finds our socket again.
  const sockets = new Map<string, Arrival>();
  const connectionFor = (address: string | undefined, port: number | undefined): SshConnectionOptions | undefined => {
    const entry = sockets.get(keyOf(address, port));
    return entry && connectionOptions(opts, exec, entry);
  };
  const take = lazyServer(opts, connectionFor);
  return listenTcp({
    transport: 'ssh',
    host: opts.host,
    port: opts.port,
    log: opts.log,
    gate: opts.gate,
    trustedProxies: opts.trustedProxies,
    // Sent before the version line (RFC 4253 4.2 allows text there): netcat users read it, OpenSSH only logs it under -v.
    refusal: (reason) => Buffer.from(`${reason}\r\n`),
    onConnection: (socket) => {
      track(socket, sockets, preauthTimeoutMs, opts.log);
      take(socket);
    },
  });
}

/** An admitted socket, and its deadline for reaching the board. */
interface Arrival {
  socket: Socket;
  timer: NodeJS.Timeout;
}

function keyOf(address: string | undefined, port: number | undefined): string {
  return `${address ?? '?'}|${port ?? '?'}`;
}

/** Keep the socket findable by address and port until it closes, and cut it if it has not reached the board in time. */
function track(socket: Socket, sockets: Map<string, Arrival>, preauthTimeoutMs: number, log: Logger): void {
  const key = keyOf(socket.remoteAddress, socket.remotePort);
  const timer = setTimeout(() => {
    log.info('ssh connection timed out before reaching the board', { remote: remoteOf(socket) });
    socket.destroy();
  }, preauthTimeoutMs);
  sockets.set(key, { socket, timer });
  socket.once('close', () => {
    clearTimeout(timer);
    if (sockets.get(key)?.socket === socket) sockets.delete(key);
  });
}

function connectionOptions(opts: SshTransportOptions, exec: ExecContext, { socket, timer }: Arrival): SshConnectionOptions {
  return {
    exchange: opts.exchange,
    log: opts.log,
    accounts: opts.accounts,
    remote: remoteOf(socket),
    frontDoorUser: opts.frontDoorUser,
    maxAuthAttempts: opts.maxAuthAttempts ?? DEFAULT_MAX_AUTH_ATTEMPTS,
    guard: opts.loginGuard,
    exec,
    maxQueuedBytes: opts.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES,
    files: opts.files,
    onArrived: () => clearTimeout(timer),
    destroy: () => socket.destroy(),
  };
}

/**
 * Hands sockets to the SSH server, which (with ssh2) is loaded with the first
 * caller. Callers who arrive meanwhile wait their turn unread (a socket nobody
 * reads keeps its bytes); if the load fails they are told so, and the next
 * caller tries again.
 */
function lazyServer(opts: SshTransportOptions, connectionFor: ConnectionFinder): (socket: Socket) => void {
  let server: SshServer | null = null;
  let loading = false;
  const waiting: Socket[] = [];
  const load = async (): Promise<void> => {
    loading = true;
    let ready: SshServer;
    try {
      const mod = await (opts.loadServer ?? (() => import('./ssh-server.js')))();
      ready = mod.createSshServer(
        opts.hostKeys.keys.map((k) => k.privateKey),
        connectionFor,
        (address, err) => opts.log.debug('ssh client error', { remote: address, err: err.message }),
      );
    } catch (err) {
      const refused = waiting.splice(0).filter((socket) => socket.writable);
      opts.log.error('ssh server could not start', { err, refused: refused.length });
      for (const socket of refused) refuse(socket);
      return;
    } finally {
      loading = false;
    }
    server = ready;
    for (const socket of waiting.splice(0)) if (socket.writable) ready.injectSocket(socket);
  };
  return (socket) => {
    if (server) server.injectSocket(socket);
    else {
      waiting.push(socket);
      if (!loading) void load().catch((err: unknown) => opts.log.error('ssh connection hand-over failed', { err }));
    }
  };
}

type ConnectionFinder = (address: string | undefined, port: number | undefined) => SshConnectionOptions | undefined;

/** Sent before the version line, as the connection caps' refusals are. */
function refuse(socket: Socket): void {
  endWithin(socket, END_GRACE_MS, `${SSH_UNAVAILABLE}\r\n`);
}
