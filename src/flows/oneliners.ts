import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { isSysop } from '../rules/levels.js';
import { heldBackFor, holdBack, type HoldRule } from '../rules/hold-back.js';
import { confirm, pressEnter } from './menu-input.js';
import { waitText } from './wait-text.js';

const ONELINER_MAX = 64;
const SHOWN = 15;
/**
 * The once-a-day rule is counted per account from the wall itself; this one
 * keeps an address that makes accounts from covering the wall with them.
 */
const WALL_PER_ADDRESS = 5;
const DAY_MS = 86_400_000;
const WALL: HoldRule = {
  kind: 'oneliner',
  address: { limit: WALL_PER_ADDRESS, windowMs: DAY_MS },
};

/** Midnight UTC of `at`'s day: the board keeps UTC, so "a day" is the same for every caller. */
export function startOfDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** The wall: the newest lines first, and a line of your own once a day (the sysop, whenever). */
export async function oneliners(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('oneliners', 'reading the oneliners');
  await showWall(io, deps);
  // Asked before the offer, so a caller who may not add a line today is told when they may, not offered it and refused.
  if (await toldToWait(io, deps, user)) {
    await pressEnter(io);
    return;
  }
  if (!(await confirm(io, 'oneliner_ask'))) return;
  const text = (await io.prompt('oneliner_write', { maxLength: ONELINER_MAX, vars: { max: ONELINER_MAX } })).trim();
  if (!text) {
    io.screen('nothing_posted');
    return;
  }
  // Asked again: another call of the same account, or of the same address, may have added one while this one typed.
  if (await toldToWait(io, deps, user)) return;
  const wait = isSysop(user) ? null : await holdBack(deps.throttle, { userId: user.id, remote: io.session.remote }, WALL);
  if (wait !== null) {
    io.screen('oneliner_slow_down', { count: WALL_PER_ADDRESS, wait: waitText(wait) });
    return;
  }
  await deps.store.oneliners.add(user.id, text, io.now());
  deps.log.info('oneliner added', { user: user.name });
  await showWall(io, deps);
  await pressEnter(io);
}

/** Whether the wall takes no line from this caller now; if so, they have been told until when. */
async function toldToWait(io: SessionIO, deps: FlowDeps, user: User): Promise<boolean> {
  if (isSysop(user)) return false;
  const now = io.now();
  const today = startOfDay(now);
  if ((await deps.store.oneliners.countByUserSince(user.id, today)) > 0) {
    io.screen('oneliner_once_a_day', { wait: waitText(today.getTime() + DAY_MS - now.getTime()) });
    return true;
  }
  const wait = await heldBackFor(deps.throttle, { userId: user.id, remote: io.session.remote }, WALL);
  if (wait === null) return false;
  io.screen('oneliner_slow_down', { count: WALL_PER_ADDRESS, wait: waitText(wait) });
  return true;
}

async function showWall(io: SessionIO, deps: FlowDeps): Promise<void> {
  const lines = await deps.store.oneliners.listNewestFirst(SHOWN);
  const rows = lines.map((o) => io.render('oneliner_row', { name: o.userName, text: o.text, date: o.createdAt.toISOString().slice(5, 10) }));
  io.print([io.render('oneliners_header'), ...(rows.length ? rows : [io.render('oneliners_empty')]), io.render('oneliners_footer')].join('\n'));
}
