import { hostname } from 'node:os';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BoardSettingsRepository } from '../store/types.js';

/**
 * Signed, expiring download links: `/files/TOKEN/NAME`. The token alone says
 * which file, for which account, until when, and carries an HMAC-SHA256 over
 * those three with the board's link secret, so the web port needs no table of
 * links and every process (or host) that shares the store signs alike. NAME is
 * only there so a browser or `curl -O` saves the file under its own name: the
 * token decides what is served.
 */

/** How long a link works after it is shown: a day, enough to finish or resume a big download, short enough that a pasted link goes stale. */
export const DOWNLOAD_LINK_LIFETIME_S = 24 * 3600;

/** The board setting that holds the secret, 32 random bytes as hex. */
export const LINK_SECRET_KEY = 'download_link_secret';

/** What a link promises: this file, to this account, until `expires` (Unix seconds; the link works while now < expires). */
interface DownloadClaim {
  fileId: number;
  userId: number;
  expires: number;
}

export type LinkProblem = 'malformed' | 'forged' | 'expired';
type VerifiedLink = { ok: true; claim: DownloadClaim } | { ok: false; problem: LinkProblem };

const VERSION = 1;
/** Each number takes 6 bytes: 2^48 is far past any row id or date we will see, and every such value is a safe integer. */
const FIELD = 6;
const PAYLOAD = 1 + 3 * FIELD;
const MAC = 32;
const TOKEN_CHARS = Math.ceil(((PAYLOAD + MAC) * 4) / 3);
const TOKEN = new RegExp(`^[A-Za-z0-9_-]{${TOKEN_CHARS}}$`);
const MAX_FIELD = 2 ** 48 - 1;

function mac(secret: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** A token for this claim. The numbers are the board's own, so a bad one is a bug: it throws. */
export function signDownloadLink(secret: Buffer, claim: DownloadClaim): string {
  const payload = Buffer.alloc(PAYLOAD);
  payload.writeUInt8(VERSION, 0);
  [claim.fileId, claim.userId, claim.expires].forEach((n, i) => {
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_FIELD) throw new RangeError(`download link field out of range: ${n}`);
    payload.writeUIntBE(n, 1 + i * FIELD, FIELD);
  });
  return Buffer.concat([payload, mac(secret, payload)]).toString('base64url');
}

/**
 * The claim a token makes, if the board signed it and it has not expired.
 * Any text is safe here: it never throws. The signature is checked before
 * the date, so a forged token learns nothing about expiry.
 */
export function verifyDownloadLink(secret: Buffer, token: string, nowS: number): VerifiedLink {
  if (!TOKEN.test(token)) return { ok: false, problem: 'malformed' };
  const bytes = Buffer.from(token, 'base64url');
  // A token that does not re-encode to itself has stray bits in its last character: not one we made.
  if (bytes.length !== PAYLOAD + MAC || bytes.toString('base64url') !== token || bytes[0] !== VERSION) return { ok: false, problem: 'malformed' };
  const payload = bytes.subarray(0, PAYLOAD);
  if (!timingSafeEqual(bytes.subarray(PAYLOAD), mac(secret, payload))) return { ok: false, problem: 'forged' };
  const [fileId, userId, expires] = [0, 1, 2].map((i) => payload.readUIntBE(1 + i * FIELD, FIELD)) as [number, number, number];
  if (nowS >= expires) return { ok: false, problem: 'expired' };
  return { ok: true, claim: { fileId, userId, expires } };
}

/** The path of a link: the token, then the name percent-encoded (cosmetic). */
export function downloadPath(token: string, name: string): string {
  // A lone surrogate cannot be encoded (encodeURIComponent throws); it becomes U+FFFD.
  return `/files/${token}/${encodeURIComponent(name.replace(/\p{Cs}/gu, '\uFFFD'))}`;
}

/** The token of a request path under `/files/`; null for any other path. The name after it is ignored. */
export function tokenOfPath(pathname: string): string | null {
  const m = /^\/files\/([^/]+)(?:\/.*)?$/.exec(pathname);
  return m ? m[1]! : null;
}

const SECRET_HEX = /^[0-9a-f]{64}$/;
/** One lookup per store and process; a failed one is forgotten so the next request tries again. */
const secrets = new WeakMap<BoardSettingsRepository, Promise<Buffer>>();

/**
 * The board's link secret, made on first use and kept in the store's board
 * settings. `setIfAbsent` makes it once even when two processes ask at the
 * same moment: both read back the one that was stored.
 */
export function linkSecret(store: { boardSettings: BoardSettingsRepository }): Promise<Buffer> {
  const settings = store.boardSettings;
  let secret = secrets.get(settings);
  if (!secret) {
    secret = settings.setIfAbsent(LINK_SECRET_KEY, randomBytes(32).toString('hex')).then((hex) => {
      if (!SECRET_HEX.test(hex)) throw new Error(`board setting ${LINK_SECRET_KEY} is not 64 hex digits; remove it to make a new one (links already given out stop working)`);
      return Buffer.from(hex, 'hex');
    });
    secrets.set(settings, secret);
    void secret.catch(() => secrets.delete(settings));
  }
  return secret;
}

/** The link path for this account to fetch this file, valid for DOWNLOAD_LINK_LIFETIME_S from `now`; the flow shows it after the board's web address. */
export async function downloadLinkFor(
  store: { boardSettings: BoardSettingsRepository },
  file: { id: number; name: string },
  account: { id: number },
  now: Date = new Date(),
): Promise<string> {
  const expires = Math.floor(now.getTime() / 1000) + DOWNLOAD_LINK_LIFETIME_S;
  const token = signDownloadLink(await linkSecret(store), { fileId: file.id, userId: account.id, expires });
  return downloadPath(token, file.name);
}

/**
 * What a link path is shown after: `web.url` when the sysop set it (the
 * address callers reach, e.g. behind a proxy), else the board's own HTTP
 * port on this machine's name when it listens on every address; null when
 * the board has no HTTP port (or one the system picks, not known here),
 * so there is nowhere to fetch from.
 */
export function downloadBase(config: { host: string; ports: { http: number | null }; web: { url: string | null } }, port = config.ports.http): string | null {
  if (config.web.url !== null) return config.web.url;
  if (port === null || port === 0) return null;
  const named = config.host === '0.0.0.0' || config.host === '::' ? hostname() : config.host;
  const host = named.includes(':') ? `[${named}]` : named;
  return `http://${host}:${port}`;
}
