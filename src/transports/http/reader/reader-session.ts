import type { IncomingMessage } from 'node:http';
import { linkSecret } from '../../../files/download-link.js';
import type { Store, User } from '../../../store/types.js';
import { csrfToken, SESSION_LIFETIME_S, signWebToken, verifyWebToken } from '../../../web-reader/web-tokens.js';

/** The session cookie's name. */
const SESSION_COOKIE = 'bbs_session';

/** A logged-in reader: the account as it is now, and the session's id (what its form token is bound to). */
export interface ReaderLogin {
  user: User;
  sessionId: string;
  expires: number;
  csrf: string;
}

/** The value of one cookie of the request, or undefined. */
function cookieOf(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header || header.length > 4096) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The reader this request's cookie names, if its signature holds, it has
 * not expired, it was not logged out (on any host), and the account is
 * still there and not banned; else null, a guest.
 */
export async function loginOf(req: IncomingMessage, store: Pick<Store, 'boardSettings' | 'webTokens' | 'users'>, nowS: number): Promise<ReaderLogin | null> {
  const cookie = cookieOf(req, SESSION_COOKIE);
  if (cookie === undefined) return null;
  const secret = await linkSecret(store);
  const verified = verifyWebToken(secret, 'session', cookie, nowS);
  if (!verified.ok) return null;
  const { claim } = verified;
  if (await store.webTokens.isSpent(`session:${claim.id}`)) return null;
  const user = await store.users.findById(claim.userId);
  if (!user || user.banned) return null;
  return { user, sessionId: claim.id, expires: claim.expires, csrf: csrfToken(secret, claim.id) };
}

/** A new session for this account: the cookie's value. */
export async function newSession(store: Pick<Store, 'boardSettings'>, userId: number, nowS: number): Promise<string> {
  return signWebToken(await linkSecret(store), 'session', { userId, expires: nowS + SESSION_LIFETIME_S });
}

/**
 * The Set-Cookie value: HttpOnly (no script reads it), SameSite=Lax (another
 * site's form cannot post with it), Path=/ (the whole port), for the
 * session's lifetime, and Secure when the board is reached over https.
 */
export function sessionCookie(value: string, opts: { secure: boolean; maxAgeS: number }): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${opts.maxAgeS}${opts.secure ? '; Secure' : ''}`;
}

/**
 * Whether a POST came from a page of this board: an Origin header, when the
 * browser sends one, must name this host (as the request reached it) or the
 * board's web address. Without one, the CSRF token alone decides.
 */
export function originHolds(req: IncomingMessage, webUrl: string | null): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (webUrl !== null) {
    try {
      if (new URL(webUrl).origin === origin) return true;
    } catch {
      // A web.url that is no URL never matches.
    }
  }
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
