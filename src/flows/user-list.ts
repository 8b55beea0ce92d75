import type { SessionIO } from '../session/io.js';
import type { FlowDeps } from './deps.js';
import { plural } from './format.js';
import { pressEnter } from './menu-input.js';
import { Pager } from './pager.js';

/** Every account: name, level, calls, last call and the line they wrote about themselves. */
export async function userList(io: SessionIO, deps: FlowDeps): Promise<void> {
  io.enter('user-list', 'reading the user list');
  const users = await deps.store.users.list();
  const rows = users.map((u) => {
    const row = io.render('user_list_row', {
      name: u.name,
      level: u.banned ? 'banned' : u.level,
      calls: u.calls,
      last: u.lastCallAt ? u.lastCallAt.toISOString().slice(0, 10) : 'never',
    });
    return u.profile ? `${row}\n${io.render('user_list_profile', { profile: u.profile })}` : row;
  });
  if (await new Pager(io).write([io.render('user_list_header', { count: plural(users.length, 'account') }), ...rows].join('\n'))) await pressEnter(io);
}
