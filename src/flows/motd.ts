import type { FlowDeps } from './deps.js';

/** The key of the sysop's own MOTD in board_settings. */
export const MOTD_KEY = 'motd';
export const MOTD_MAX = 2000;

/** The message of the day: the sysop's edit from the board if there is one, else the config file's. */
export async function currentMotd(deps: FlowDeps): Promise<string> {
  return (await deps.store.boardSettings.get(MOTD_KEY)) ?? deps.board.motd;
}
