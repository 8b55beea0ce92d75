import type { SessionIO } from '../session/io.js';
import type { SecurityLevel, User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { formatWhen } from './format.js';
import { chooseFrom, confirm } from './menu-input.js';
import { NAME_MAX } from '../rules/names.js';
import { userList } from './user-list.js';
import { zoneOf } from '../screens/zone-clock.js';

/** Names shown for a name that is no account's: a hint, not a listing (that is what ? is for). */
const CLOSE_SHOWN = 10;
const LEVEL_KEYS: Readonly<Record<string, SecurityLevel>> = { N: 'new', M: 'member', S: 'sysop' };

/** Look up an account (listing them on request) and ban, unban or re-level it. */
export async function userAdmin(io: SessionIO, deps: FlowDeps, sysop: User): Promise<void> {
  let target = await whichUser(io, deps);
  if (!target) return;
  for (;;) {
    const key = await chooseFrom(io, deps, sysop.id, 'sysop_user_card', {
      name: target.name,
      level: target.level,
      status: target.banned ? 'BANNED' : 'in good standing',
      calls: target.calls,
      since: formatWhen(target.createdAt, zoneOf(io.session)),
      last: target.lastCallAt ? formatWhen(target.lastCallAt, zoneOf(io.session)) : 'never',
      profile: target.profile ?? '',
    });
    if (key === '' || key === 'Q') return;
    if ((key === 'B' || key === 'L') && target.id === sysop.id) {
      // A sysop who bans or demotes themselves locks the board's keys inside.
      io.screen('sysop_user_not_yourself');
      continue;
    }
    if (key === 'B') target = await toggleBan(io, deps, sysop, target);
    else if (key === 'L') target = await changeLevel(io, deps, sysop, target);
    else io.screen('menu_error', { choice: key });
  }
}

/**
 * Ask until the sysop names an account or goes back: `?` lists every
 * account (banned ones marked), and a name that is no account's shows the
 * names that hold what was typed, so a half-remembered name is found.
 */
async function whichUser(io: SessionIO, deps: FlowDeps): Promise<User | null> {
  for (;;) {
    const name = (await io.prompt('sysop_user_ask', { maxLength: NAME_MAX + 10 })).trim();
    if (!name) return null;
    if (name === '?') {
      await userList(io, deps);
      continue;
    }
    const target = await deps.store.users.findByName(name);
    if (target) return target;
    const typed = name.toLowerCase();
    const close = (await deps.store.users.list()).filter((u) => u.name.toLowerCase().includes(typed));
    if (close.length === 0) io.screen('no_such_user', { name });
    else io.screen('sysop_user_close', { name, names: close.slice(0, CLOSE_SHOWN).map((u) => u.name).join(', ') + (close.length > CLOSE_SHOWN ? ', ...' : '') });
  }
}

async function toggleBan(io: SessionIO, deps: FlowDeps, sysop: User, target: User): Promise<User> {
  const banning = !target.banned;
  if (!(await confirm(io, banning ? 'sysop_ban_confirm' : 'sysop_unban_confirm', { name: target.name }))) return target;
  const updated = await deps.store.users.setBanned(target.id, banning);
  deps.log.warn(banning ? 'user banned' : 'user unbanned', { by: sysop.name, user: target.name });
  if (banning) {
    // Banned means gone now, not at their next call.
    for (const c of await deps.roster.online()) {
      if (c.userId === target.id) deps.live.publish({ kind: 'kick', sessionId: c.sessionId, by: sysop.name, at: io.now().getTime() });
    }
  }
  io.screen(banning ? 'sysop_banned' : 'sysop_unbanned', { name: target.name });
  return updated;
}

async function changeLevel(io: SessionIO, deps: FlowDeps, sysop: User, target: User): Promise<User> {
  const key = await chooseFrom(io, deps, sysop.id, 'sysop_level_ask', { name: target.name, level: target.level });
  const level = LEVEL_KEYS[key];
  if (!level || level === target.level) return target;
  const updated = await deps.store.users.setLevel(target.id, level);
  deps.log.warn('user level changed', { by: sysop.name, user: target.name, from: target.level, to: level });
  io.screen('sysop_level_set', { name: target.name, level });
  return updated;
}
