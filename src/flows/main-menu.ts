import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { messageAreas } from './area-list.js';
import { unreadTotal } from './areas.js';
import { boardInfo } from './board-info.js';
import { chatRoom } from './chat.js';
import { doorsMenu } from './doors.js';
import { fileAreas } from './file-areas.js';
import type { FlowDeps } from './deps.js';
import { lastCallers } from './last-callers.js';
import { isSysop } from '../rules/levels.js';
import { mailbox } from './mailbox.js';
import { newScan } from './new-scan.js';
import { oneliners } from './oneliners.js';
import { pageSomeone } from './page.js';
import { confirm, wrongKey } from './menu-input.js';
import { parsePreferences } from './preferences.js';
import { leaveMessage, readMessages } from './public-messages.js';
import { readPrivate, sendPrivate } from './private-messages.js';
import { settingsMenu } from './settings-menu.js';
import { unlessStoreFails } from './store-trouble.js';
import { sysopMenu } from './sysop-menu.js';
import { userList } from './user-list.js';
import { webLink } from './web-link.js';
import { whoIsOnline } from './who.js';

type MenuAction = (io: SessionIO, deps: FlowDeps, user: User) => Promise<void>;

/** The seed's main menu (1-4, Q) and the rest of the board around it: one key, one action. */
export const MAIN_MENU: ReadonlyMap<string, MenuAction> = new Map<string, MenuAction>([
  ['1', leaveMessage],
  ['2', readMessages],
  ['3', sendPrivate],
  ['4', readPrivate],
  ['A', messageAreas],
  ['N', newScan],
  ['M', mailbox],
  ['C', chatRoom],
  ['D', doorsMenu],
  ['F', fileAreas],
  ['W', (io, deps) => whoIsOnline(io, deps)],
  ['P', pageSomeone],
  ['O', oneliners],
  ['L', (io, deps) => lastCallers(io, deps)],
  ['U', (io, deps) => userList(io, deps)],
  ['I', (io, deps) => boardInfo(io, deps)],
  ['S', settingsMenu],
  ['R', webLink],
]);

/** Only shown to, and only answered for, sysops. */
const SYSOP_KEY = '!';

/** Every answer the menu takes besides its actions: Enter draws it again, ? draws it whole, Q logs off. */
const MENU_KEYS: ReadonlySet<string> = new Set(['', '?', 'Q', ...MAIN_MENU.keys()]);

/**
 * Loop on the main menu until the caller quits. The account is read afresh
 * each time round, so a level the sysop changed, a promotion or a ban counts
 * at once. Experts get a one-line prompt; ? draws the whole menu for them.
 * A key the menu lacks is answered in one line, not with the menu again.
 */
export async function mainMenu(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  let current = user;
  let drawMenu = false;
  for (;;) {
    // The one in hand while its row is unchanged: a key at the menu reads no row and makes no copy. Gone meanwhile, it stands.
    current = (await deps.store.users.current(current)) ?? current;
    // Banned from the shell while online, with no running board to end the call: it ends here.
    if (current.banned) io.exit('banned', { name: current.name }, 'refused');
    if (current.level !== io.session.user?.level) io.login({ id: current.id, name: current.name, level: current.level });
    io.enter('main-menu', 'at the main menu');
    // Only the mode is kept across the wait for the key: the screen's object is garbage before a scavenge can find it alive.
    const { text, mode, whole } = await menuScreen(io, deps, current, drawMenu);
    drawMenu = false;
    if (whole) io.clearScreen();
    // After a node restart, keys typed at the menu are still for the menu; typed anywhere else, they are not.
    // The caller's own line goes under the whole menu as its footer: the menu is then one text for everyone with the same figures.
    let choice = (await io.ask(text, { mode, maxLength: 8, resumes: io.session.resumedFrom === 'main-menu', footer: whole ? 'menu_footer' : undefined })).trim().toUpperCase();
    while (!MENU_KEYS.has(choice) && !(choice === SYSOP_KEY && isSysop(current))) choice = await wrongKey(io, choice, mode);
    if (choice === 'Q') {
      if (await confirm(io, 'logoff_confirm', {}, true)) return;
      continue;
    }
    if (choice === '') continue;
    if (choice === '?') {
      drawMenu = true;
      continue;
    }
    await runAction(io, deps, choice, current);
  }
}

/**
 * The action a key chose. A function of its own: a closure over a local of
 * the menu loop's body would make every turn of the loop, a key at the
 * menu included, allocate a scope object the waiting loop holds.
 */
async function runAction(io: SessionIO, deps: FlowDeps, choice: string, current: User): Promise<void> {
  const action = choice === SYSOP_KEY ? sysopMenu : MAIN_MENU.get(choice)!;
  await unlessStoreFails(io, deps, () => action(io, deps, current));
}

/**
 * The menu as it stands (unread mail and messages, who is online), built in a
 * function of its own: what went into it is garbage once it returns, rather
 * than held by the menu loop while it waits for the caller's key.
 */
async function menuScreen(io: SessionIO, deps: FlowDeps, current: User, drawMenu: boolean): Promise<{ text: string; mode: 'key' | 'line'; whole: boolean }> {
  // One after another: the store answers at once, and a Promise.all of them was an array, a result
  // array and a closure each on every key press.
  const unread = await deps.store.privateMessages.countUnread(current.id);
  const fresh = unreadTotal(deps, current, await deps.store.areaReads.unreadCounts(current.id));
  const online = await deps.roster.count();
  const prefs = parsePreferences(await deps.store.userSettings.get(current.id));
  const vars = { unread, fresh, online, level: current.level };
  // An expert's one line goes under what is on screen; the whole menu replaces the view.
  const whole = !prefs.expert || drawMenu;
  const text = whole ? io.render('menu', vars) + (isSysop(current) ? `\n${io.render('menu_sysop')}` : '') : io.render('menu_expert', vars);
  return { text, mode: prefs.hotkeys ? 'key' : 'line', whole };
}
