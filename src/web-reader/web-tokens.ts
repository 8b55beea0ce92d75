import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The web reader's signed tokens: the one-time login link an account gets
 * over SSH or from the main menu, and the session cookie that link sets.
 * Each says which account, until when, and carries a random id; an
 * HMAC-SHA256 under a key of its own kind, derived from the board's link
 * secret (kept in board settings), signs them, so every host of the board
 * checks them alike with no table of live sessions. Only spent ones (a
 * used link, a session logged out) are written down, in the store.
 */

type WebTokenKind = 'login' | 'session';

/** A login link works this long after it is shown: enough to paste it into a browser, too short to be worth stealing from a scrollback. */
export const LOGIN_LINK_LIFETIME_S = 10 * 60;
/** A web session lasts a week: a reader comes back within it without asking for a link again. */
export const SESSION_LIFETIME_S = 7 * 24 * 3600;

interface WebClaim {
  userId: number;
  /** Unix seconds; the token works while now < expires. */
  expires: number;
  /** The token's random id, hex: what the store records once it is spent. */
  id: string;
}

type WebTokenProblem = 'malformed' | 'forged' | 'expired';

const VERSION = 1;
const KIND_BYTE: Record<WebTokenKind, number> = { login: 0x4c, session: 0x53 };
const FIELD = 6;
const NONCE = 16;
const PAYLOAD = 2 + 2 * FIELD + NONCE;
const MAC = 32;
const TOKEN = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil(((PAYLOAD + MAC) * 4) / 3)}}$`);
const MAX_FIELD = 2 ** 48 - 1;

/** One key per use, so a token of one kind (or a CSRF value) can never stand for another, nor for a download link. */
function derivedKey(secret: Buffer, purpose: WebTokenKind | 'csrf'): Buffer {
  return createHmac('sha256', secret).update(`web-reader ${purpose}`).digest();
}

/** A new token of `kind` for this account, good until `expires`; `nonce` is for tests, random otherwise. */
export function signWebToken(secret: Buffer, kind: WebTokenKind, claim: { userId: number; expires: number }, nonce: Buffer = randomBytes(NONCE)): string {
  if (nonce.length !== NONCE) throw new RangeError('web token nonce must be 16 bytes');
  const payload = Buffer.alloc(PAYLOAD);
  payload.writeUInt8(VERSION, 0);
  payload.writeUInt8(KIND_BYTE[kind], 1);
  [claim.userId, claim.expires].forEach((n, i) => {
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_FIELD) throw new RangeError(`web token field out of range: ${n}`);
    payload.writeUIntBE(n, 2 + i * FIELD, FIELD);
  });
  nonce.copy(payload, 2 + 2 * FIELD);
  return Buffer.concat([payload, mac(secret, kind, payload)]).toString('base64url');
}

/** What a token claims, if the board signed it as `kind` and it is not expired. Any text is safe here: it never throws. */
export function verifyWebToken(secret: Buffer, kind: WebTokenKind, token: string, nowS: number): { ok: true; claim: WebClaim } | { ok: false; problem: WebTokenProblem } {
  if (!TOKEN.test(token)) return { ok: false, problem: 'malformed' };
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== PAYLOAD + MAC || bytes.toString('base64url') !== token || bytes[0] !== VERSION || bytes[1] !== KIND_BYTE[kind]) return { ok: false, problem: 'malformed' };
  const payload = bytes.subarray(0, PAYLOAD);
  // The signature first: a forged token learns nothing about expiry.
  if (!timingSafeEqual(bytes.subarray(PAYLOAD), mac(secret, kind, payload))) return { ok: false, problem: 'forged' };
  const userId = payload.readUIntBE(2, FIELD);
  const expires = payload.readUIntBE(2 + FIELD, FIELD);
  if (nowS >= expires) return { ok: false, problem: 'expired' };
  return { ok: true, claim: { userId, expires, id: payload.subarray(2 + 2 * FIELD).toString('hex') } };
}

/** The form token bound to one session: a page's forms carry it, and a POST without the one of its own session's cookie changes nothing. */
export function csrfToken(secret: Buffer, sessionId: string): string {
  return createHmac('sha256', derivedKey(secret, 'csrf')).update(sessionId).digest('base64url');
}

/** Whether `given` is this session's form token, compared in constant time. */
export function csrfHolds(secret: Buffer, sessionId: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const want = Buffer.from(csrfToken(secret, sessionId));
  const got = Buffer.from(given);
  return got.length === want.length && timingSafeEqual(got, want);
}

function mac(secret: Buffer, kind: WebTokenKind, payload: Buffer): Buffer {
  return createHmac('sha256', derivedKey(secret, kind)).update(payload).digest();
}
