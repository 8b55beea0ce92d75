import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { isSysop } from './levels.js';
import { holdBack, type HoldRule } from './hold-back.js';
import { confirm, pressEnter } from './menu-input.js';
import { waitText } from './wait-text.js';

export const ONELINER_MAX = 64;
const SHOWN = 15;
/**
 * The once-a-day rule is counted per account from the wall itself; this one
 * keeps an address that makes accounts from covering the wall with them.
 */
const WALL_PER_ADDRESS = 5;
const WALL: HoldRule = {
  kind: 'oneliner',
  address: { limit: WALL_PER_ADDRESS, windowMs: 86_400_000 },
};

/** Midnight UTC of `at`'s day: the board keeps UTC, so "a day" is the same for every caller. */
export function startOfDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** The wall: the newest lines first, and a line of your own once a day (the sysop, whenever). */
export async function oneliners(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('oneliners', 'reading the oneliners');
  await showWall(io, deps);
  if (!(await confirm(io, 'oneliner_ask'))) return;
  if (!isSysop(user) && (await deps.store.oneliners.countByUserSince(user.id, startOfDay(io.now()))) > 0) {
    io.screen('oneliner_once_a_day');
    return;
  }
  const text = (await io.prompt('oneliner_write', { maxLength: ONELINER_MAX, vars: { max: ONELINER_MAX } })).trim();
  if (!text) {
    io.screen('nothing_posted');
    return;
  }
  const wait = isSysop(user) ? null : await holdBack(io, deps, user, WALL);
  if (wait !== null) {
    io.screen('oneliner_slow_down', { count: WALL_PER_ADDRESS, wait: waitText(wait) });
    return;
  }
  await deps.store.oneliners.add(user.id, text, io.now());
  deps.log.info('oneliner added', { user: user.name });
  await showWall(io, deps);
  await pressEnter(io);
}

async function showWall(io: SessionIO, deps: FlowDeps): Promise<void> {
  const lines = await deps.store.oneliners.listNewestFirst(SHOWN);
  const rows = lines.map((o) => io.render('oneliner_row', { name: o.userName, text: o.text, date: o.createdAt.toISOString().slice(5, 10) }));
  io.print([io.render('oneliners_header'), ...(rows.length ? rows : [io.render('oneliners_empty')]), io.render('oneliners_footer')].join('\n'));
}
