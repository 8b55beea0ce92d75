import ssh2, { type AuthContext, type KeyboardAuthContext, type PublicKeyAuthContext } from 'ssh2';
import type { PasswordGuard } from '../../rules/login-guard.js';
import type { Logger } from '../../logger.js';
import type { OfferedKey } from '../../session/caller.js';
import type { SessionUser } from '../../session/session.js';
import { QueueFullError } from '../../store/hash-queue.js';
import type { User } from '../../store/types.js';
import type { SshAccounts } from './ssh-accounts.js';
import { sshFingerprint } from './fingerprint.js';

interface SshAuthOptions {
  accounts: SshAccounts;
  log: Logger;
  remote: string;
  /** This user name gets in with no credentials and meets the board's own login. */
  frontDoorUser: string;
  /** Failed attempts one connection may make before it is cut off. */
  maxAuthAttempts: number;
  /** The board's one failed-password back-off, so SSH guesses stand in the same line as telnet ones. */
  guard?: PasswordGuard;
  /** Called once when the connection has used up its attempts. */
  onTooManyFailures: () => void;
}

/** Who the connection turned out to be. */
type SshIdentity = { kind: 'anonymous' } | { kind: 'user'; user: SessionUser; offeredKey?: OfferedKey };

const METHODS: Array<'publickey' | 'keyboard-interactive' | 'password'> = ['publickey', 'keyboard-interactive', 'password'];
const PASSWORD_MAX = 1024;

/**
 * One connection's authentication. Accounts are never made here: only an
 * existing, unbanned account gets in, by its password or by a key linked to
 * it, and anybody gets in as the front-door user to register on the board.
 */
export class SshAuthenticator {
  identity: SshIdentity | null = null;
  private failures = 0;
  private probedNone = false;
  /** An unlinked key this client signed for on this connection: the only kind the board offers to link. */
  private provenKey: OfferedKey | null = null;
  private closed = false;
  /** Fires when the connection goes: a password still waiting in the board's line leaves it unhashed. */
  private readonly gone = new AbortController();

  constructor(private readonly opts: SshAuthOptions) {}

  /** The connection went away: late answers about accounts must not touch it. */
  close(): void {
    this.closed = true;
    this.gone.abort(new Error('ssh connection closed'));
  }

  handle(ctx: AuthContext): void {
    this.decide(ctx).catch((err: unknown) => {
      this.opts.log.error('ssh authentication failed', { remote: this.opts.remote, err });
      this.reject(ctx, true);
    });
  }

  private async decide(ctx: AuthContext): Promise<void> {
    if (ctx.username.toLowerCase() === this.opts.frontDoorUser.toLowerCase()) {
      // Anonymous by design; whatever the client offers (OpenSSH starts with "none") gets the same board login.
      this.accept(ctx, { kind: 'anonymous' });
      return;
    }
    switch (ctx.method) {
      case 'none':
        // Every client asks "none" first to learn the methods; only repeats count against it.
        this.reject(ctx, this.probedNone);
        this.probedNone = true;
        return;
      case 'password':
        await this.checkPassword(ctx, ctx.password);
        return;
      case 'keyboard-interactive': {
        const answer = await askPassword(ctx);
        // A client that gives up on the prompt to try something else has not failed anything yet.
        if (answer === ABORTED) this.reject(ctx, false);
        else await this.checkPassword(ctx, answer);
        return;
      }
      case 'publickey':
        await this.checkKey(ctx);
        return;
      default:
        this.reject(ctx, true);
    }
  }

  private async checkPassword(ctx: AuthContext, password: string | null): Promise<void> {
    if (password === null || password.length > PASSWORD_MAX) {
      this.reject(ctx, true);
      return;
    }
    const { remote, guard, log } = this.opts;
    let failures: number | undefined;
    if (guard) {
      const turn = await guard.attempt(ctx.username, remote).catch((err: unknown) => {
        log.warn('password not checked: the guard did not answer', { user: ctx.username, remote, err });
        return null;
      });
      // No answer, or a line too long to join: refused unchecked, never let through unguarded.
      if (!turn || turn.refused) {
        if (turn) log.warn('password not checked: too many attempts waiting', { user: ctx.username, remote, transport: 'ssh' });
        this.reject(ctx, true);
        return;
      }
      failures = turn.failures;
      if (turn.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, turn.waitMs));
    }
    if (this.closed) return;
    const user = await this.verifyInLine(ctx, password);
    if (user === 'unchecked') return;
    if (!user) {
      log.warn('failed login', { user: ctx.username, remote, transport: 'ssh', failures });
      this.reject(ctx, true);
      return;
    }
    guard?.succeeded(ctx.username, remote);
    if (this.refuseBanned(ctx, user)) return;
    this.accept(ctx, { kind: 'user', user: sessionUser(user), ...(this.provenKey ? { offeredKey: this.provenKey } : {}) });
  }

  /**
   * The password's check, in the same first-come line as every other wire's.
   * A full line refuses the attempt without counting it as the client's
   * failure (SSH has no words for "busy" before a session); a connection
   * that closes while waiting leaves the line and is not hashed.
   */
  private async verifyInLine(ctx: AuthContext, password: string): Promise<User | null | 'unchecked'> {
    const { remote, log } = this.opts;
    try {
      return await this.opts.accounts.verifyPassword(ctx.username, password, { signal: this.gone.signal, bounded: true });
    } catch (err) {
      if (err instanceof QueueFullError) {
        log.warn('password not checked: the line of password checks is full', { user: ctx.username, remote, transport: 'ssh', waiting: err.waiting });
        this.reject(ctx, false);
        return 'unchecked';
      }
      if (this.gone.signal.aborted) {
        log.info('password check dropped: the caller left the line', { user: ctx.username, remote, transport: 'ssh' });
        return 'unchecked';
      }
      throw err;
    }
  }

  private async checkKey(ctx: PublicKeyAuthContext): Promise<void> {
    const blob = ctx.key.data;
    const parsed = ssh2.utils.parseKey(blob);
    if (parsed instanceof Error || Array.isArray(parsed) || parsed.type !== ctx.key.algo) {
      this.reject(ctx, true);
      return;
    }
    const fingerprint = sshFingerprint(blob);
    const [user, linked] = await Promise.all([
      this.opts.accounts.findByName(ctx.username),
      this.opts.accounts.findKey(fingerprint),
    ]);
    if (this.closed) return;
    const owns = user !== null && linked !== null && linked.userId === user.id && linked.keyBlob.equals(blob);
    // A key nobody has linked may still be proven (signed for) on this connection, so that a
    // password login afterwards can offer to link it. A key linked to someone else never can.
    if (!owns && linked !== null) {
      this.reject(ctx, true);
      return;
    }
    if (!ctx.signature || !ctx.blob) {
      // Only asking whether this key would do: say yes, and the client signs with it next.
      // Anybody holding the public key can ask this, so the query proves nothing by itself.
      ctx.accept();
      return;
    }
    // SHA-1 RSA signatures are forgeable in principle; OpenSSH stopped accepting them too.
    const sha1Rsa = parsed.type === 'ssh-rsa' && !ctx.hashAlgo;
    if (sha1Rsa || parsed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) {
      this.opts.log.warn('bad key signature', { user: ctx.username, remote: this.opts.remote, fingerprint });
      this.reject(ctx, true);
      return;
    }
    if (!owns || user === null) {
      // The client holds the private key, but it is linked to no account: it logs nobody in.
      // Remembered as proven and refused, so the client falls back to a password.
      this.provenKey = { algo: parsed.type, fingerprint, blob: blob.toString('base64') };
      this.reject(ctx, true);
      return;
    }
    if (this.refuseBanned(ctx, user)) return;
    this.accept(ctx, { kind: 'user', user: sessionUser(user) });
  }

  private refuseBanned(ctx: AuthContext, user: User): boolean {
    if (!user.banned) return false;
    this.opts.log.warn('banned user refused', { user: user.name, remote: this.opts.remote, transport: 'ssh' });
    this.reject(ctx, true);
    return true;
  }

  private accept(ctx: AuthContext, identity: SshIdentity): void {
    if (this.closed) return;
    this.identity = identity;
    ctx.accept();
  }

  private reject(ctx: AuthContext, counts: boolean): void {
    if (this.closed) return;
    ctx.reject(METHODS);
    if (counts && ++this.failures >= this.opts.maxAuthAttempts) {
      this.opts.log.warn('too many ssh authentication failures', { remote: this.opts.remote, user: ctx.username });
      this.closed = true;
      this.opts.onTooManyFailures();
    }
  }
}

const ABORTED = Symbol('aborted');

/** keyboard-interactive with a single hidden "Password:" prompt; null for an odd answer. */
function askPassword(ctx: KeyboardAuthContext): Promise<string | null | typeof ABORTED> {
  return new Promise((resolve) => {
    // ssh2 calls back with an Error instead of answers when the client abandons the prompt.
    ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers: unknown) => {
      if (answers instanceof Error) resolve(ABORTED);
      else resolve(Array.isArray(answers) && answers.length === 1 && typeof answers[0] === 'string' ? answers[0] : null);
    });
  });
}

function sessionUser(user: User): SessionUser {
  return { id: user.id, name: user.name, level: user.level };
}
