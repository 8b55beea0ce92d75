import { linkSecret } from '../files/download-link.js';
import type { BoardSettingsRepository } from '../store/types.js';
import { LOGIN_LINK_LIFETIME_S, signWebToken } from './web-tokens.js';

/** Where a login link leads on the web port; the path is shown after the board's web address, as download links are. */
export const LOGIN_PATH = '/login/';

/** A one-time login link's path for this account, good for LOGIN_LINK_LIFETIME_S from `now`. */
export async function loginLinkPath(store: { boardSettings: BoardSettingsRepository }, account: { id: number }, now: Date = new Date()): Promise<string> {
  const expires = Math.floor(now.getTime() / 1000) + LOGIN_LINK_LIFETIME_S;
  return LOGIN_PATH + signWebToken(await linkSecret(store), 'login', { userId: account.id, expires });
}
