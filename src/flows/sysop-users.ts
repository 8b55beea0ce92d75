import type { SessionIO } from '../session/io.js';
import type { SecurityLevel, User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { formatWhen } from './format.js';
import { chooseFrom, confirm } from './menu-input.js';
import { NAME_MAX } from './names.js';
import { zoneOf } from '../screens/zone-clock.js';

const LEVEL_KEYS: Readonly<Record<string, SecurityLevel>> = { N: 'new', M: 'member', S: 'sysop' };

/** Look up an account and ban, unban or re-level it. */
export async function userAdmin(io: SessionIO, deps: FlowDeps, sysop: User): Promise<void> {
  const name = (await io.prompt('sysop_user_ask', { maxLength: NAME_MAX + 10 })).trim();
  if (!name) return;
  let target = await deps.store.users.findByName(name);
  if (!target) {
    io.screen('no_such_user', { name });
    return;
  }
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
