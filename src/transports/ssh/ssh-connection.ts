import type { Connection, ServerChannel, SFTPWrapper } from 'ssh2';
import type { Logger } from '../../logger.js';
import type { Exchange } from '../../session/caller.js';
import type { ExecContext } from './exec-commands.js';
import { terminalForPty, type PtyRequest } from './pty-terminal.js';
import type { PasswordGuard } from '../../rules/login-guard.js';
import type { SshAccounts } from './ssh-accounts.js';
import { SshAuthenticator } from './ssh-auth.js';
import { SshCall } from './ssh-call.js';
import { serveSessionChannel, type Accept, type Reject } from './ssh-session-channel.js';
import { SftpSession, type SftpFiles } from './sftp/sftp-session.js';

export interface SshConnectionOptions {
  exchange: Exchange;
  log: Logger;
  accounts: SshAccounts;
  remote: string;
  frontDoorUser: string;
  maxAuthAttempts: number;
  guard?: PasswordGuard;
  exec: ExecContext;
  maxQueuedBytes: number;
  /** The file areas, for SFTP; without them the sftp subsystem is refused. */
  files?: SftpFiles;
  /** The caller reached the board (a shell started): the connection's deadline no longer applies. */
  onArrived: () => void;
  /** Cut the TCP connection now. */
  destroy: () => void;
}

/** Session channels one connection may hold open at once; one of them may be the board. */
const MAX_SESSIONS = 3;

/**
 * One SSH connection after its handshake: who it is, and what its channels
 * may do. A shell is the board, an exec is one of a few read-only commands,
 * sftp is the file areas for an account that logged in; everything else
 * (other subsystems, port and agent forwarding, X11) is refused.
 */
export function serveSshConnection(client: Connection, opts: SshConnectionOptions): void {
  const { log, remote } = opts;
  const auth = authenticatorFor(client, opts);
  const calls = new Set<SshCall>();
  const sftps = new Set<SftpSession>();
  const endConnection = endOnce(client, opts.destroy);
  let sessions = 0;

  client.on('authentication', (ctx) => auth.handle(ctx));
  client.on('ready', () => {
    const who = auth.identity;
    log.info('ssh authenticated', { remote, as: who?.kind === 'user' ? who.user.name : 'anonymous' });
  });
  client.on('session', (accept, reject) => {
    if (sessions >= MAX_SESSIONS) {
      reject();
      return;
    }
    sessions++;
    const session = accept();
    session.once('close', () => sessions--);
    serveSessionChannel(session, {
      log,
      remote,
      exec: opts.exec,
      caller: () => {
        const who = auth.identity;
        return who?.kind === 'user' ? { kind: 'user', userId: who.user.id, name: who.user.name } : { kind: 'anonymous' };
      },
      openShell: (acceptShell, rejectShell, pty) => placeShell({ auth, calls, opts, endConnection }, acceptShell, rejectShell, pty),
      openSftp: (acceptSftp, rejectSftp) => {
        const sftp = openSftp(auth, opts, acceptSftp, rejectSftp);
        if (!sftp) return;
        sftps.add(sftp);
        session.once('close', () => {
          sftp.close();
          sftps.delete(sftp);
        });
      },
    });
  });
  refuseForwarding(client, log, remote);
  client.on('close', () => {
    auth.close();
    for (const call of calls) call.hangup();
    calls.clear();
    // A connection cut mid-upload leaves nothing behind in the areas.
    for (const sftp of sftps) sftp.close();
    sftps.clear();
  });
}

function authenticatorFor(client: Connection, opts: SshConnectionOptions): SshAuthenticator {
  return new SshAuthenticator({
    accounts: opts.accounts,
    log: opts.log,
    remote: opts.remote,
    frontDoorUser: opts.frontDoorUser,
    maxAuthAttempts: opts.maxAuthAttempts,
    guard: opts.guard,
    onTooManyFailures: () => {
      client.end();
      // A client that ignores the disconnect still loses the line.
      setTimeout(opts.destroy, 1000).unref();
    },
  });
}

/** The board's goodbye ends the connection once, and cuts it if the client does not close its side. */
function endOnce(client: Connection, destroy: () => void): () => void {
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    client.end();
    setTimeout(destroy, 2000).unref();
  };
}

/** Port forwarding, Unix-socket forwarding and global requests: the board is no tunnel. */
function refuseForwarding(client: Connection, log: Logger, remote: string): void {
  client.on('tcpip', (_accept, reject, info) => {
    log.info('ssh port forwarding refused', { remote, to: `${info.destIP}:${info.destPort}` });
    reject();
  });
  client.on('openssh.streamlocal', (_accept, reject) => reject());
  client.on('request', (_accept: Accept, reject: Reject, name: string) => {
    log.info('ssh global request refused', { remote, request: name });
    reject?.();
  });
}

interface ConnectionState {
  auth: SshAuthenticator;
  /** The board calls on this connection: at most one. */
  calls: Set<SshCall>;
  opts: SshConnectionOptions;
  endConnection: () => void;
}

/** A shell places the board, once per connection and only for a caller who authenticated. */
function placeShell(state: ConnectionState, accept: () => ServerChannel | undefined, reject: Reject, pty: PtyRequest | null): SshCall | null {
  const { auth, calls, opts } = state;
  const identity = auth.identity;
  if (calls.size > 0 || !identity) {
    reject?.();
    return null;
  }
  const channel = accept();
  if (!channel) return null;
  opts.onArrived();
  const placed = new SshCall(channel, {
    exchange: opts.exchange,
    log: opts.log,
    remote: opts.remote,
    terminal: terminalForPty(pty),
    ...(identity.kind === 'user' ? { user: identity.user, offeredKey: identity.offeredKey } : {}),
    maxQueuedBytes: opts.maxQueuedBytes,
    hangUpOnEof: pty === null,
    endConnection: state.endConnection,
    destroyConnection: opts.destroy,
  });
  calls.add(placed);
  opts.log.info('ssh call placed', { remote: opts.remote, call: placed.id, term: pty?.term ?? '', cols: pty?.cols ?? 0, rows: pty?.rows ?? 0 });
  channel.once('close', () => calls.delete(placed));
  return placed;
}

/**
 * SFTP, for an account only: the front-door user has no files. Accepted at
 * once (the client's first packet follows the request without waiting), and
 * the account's level read again from the store before the first request is
 * answered, so a sysop's change since the login (or a ban) counts.
 */
function openSftp(auth: SshAuthenticator, opts: SshConnectionOptions, accept: () => SFTPWrapper | undefined, reject: Reject): SftpSession | null {
  const { log, remote, files } = opts;
  const identity = auth.identity;
  const refuse = (reason: string): null => {
    log.info('ssh subsystem refused', { remote, subsystem: 'sftp', reason });
    reject?.();
    return null;
  };
  if (!identity || identity.kind !== 'user') return refuse('the front-door user has no files: log in with an account');
  if (!files || files.library.areas().length === 0) return refuse('this board has no file areas');
  const sftp = accept();
  if (!sftp) return null;
  opts.onArrived();
  const { user } = identity;
  const account = opts.accounts.findByName(user.name).then(
    (fresh) => {
      if (fresh && fresh.id === user.id && !fresh.banned) {
        log.info('sftp session opened', { remote, user: fresh.name, level: fresh.level });
        return { id: fresh.id, name: fresh.name, level: fresh.level };
      }
      log.info('sftp session ended: the account is gone or banned', { remote, user: user.name });
      return null;
    },
    (err: unknown) => {
      log.error('sftp session ended: the account could not be read', { remote, user: user.name, err });
      return null;
    },
  );
  return new SftpSession(sftp, { files, account, log, remote });
}
