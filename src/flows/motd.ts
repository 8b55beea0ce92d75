import { markupAsPlainText } from '../screens/art-markup.js';
import type { BoardSettingsRepository } from '../store/types.js';
import type { FlowDeps } from './deps.js';

/** The key of the sysop's own MOTD in board_settings. */
export const MOTD_KEY = 'motd';
export const MOTD_MAX = 2000;

/** The message of the day: the sysop's edit from the board if there is one, else the config file's. */
export async function boardMotd(settings: BoardSettingsRepository, configured: string): Promise<string> {
  return (await settings.get(MOTD_KEY)) ?? configured;
}

/**
 * The MOTD for a reader with no terminal (`ssh bbs@host motd`): its pipe
 * colours dropped and its variables filled in, with a guest as the caller.
 */
export function motdAsPlainText(motd: string, facts: { board: string; sysop: string }): string {
  return markupAsPlainText(motd, { ...facts, user: 'guest', level: 'new' });
}

/** The message of the day callers see now. */
export function currentMotd(deps: FlowDeps): Promise<string> {
  return boardMotd(deps.store.boardSettings, deps.board.motd);
}
