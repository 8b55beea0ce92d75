import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { leaveMessage, readMessages } from './public-messages.js';
import { readPrivate, sendPrivate } from './private-messages.js';

type MenuAction = (io: SessionIO, deps: FlowDeps, user: User) => Promise<void>;

/** The seed's main menu: one key, one action. */
export const MAIN_MENU: ReadonlyMap<string, MenuAction> = new Map<string, MenuAction>([
  ['1', leaveMessage],
  ['2', (io, deps) => readMessages(io, deps)],
  ['3', sendPrivate],
  ['4', readPrivate],
]);

/** Loop on the main menu until the caller quits. */
export async function mainMenu(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  for (;;) {
    io.enter('main-menu', 'at the main menu');
    const unread = await deps.store.privateMessages.countUnread(user.id);
    const choice = (await io.prompt('menu', { mode: 'key', maxLength: 8, vars: { unread } })).trim().toUpperCase();
    if (choice === 'Q') return;
    if (choice === '') continue;
    const action = MAIN_MENU.get(choice);
    if (action) await action(io, deps, user);
    else io.screen('menu_error', { choice });
  }
}
