import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { isSysop } from '../rules/levels.js';
import { NAME_MAX } from '../rules/names.js';
import { loadPreferences } from './preferences.js';
import { holdBack, type HoldRule } from '../rules/hold-back.js';
import { waitText } from './wait-text.js';

const PAGE_MAX = 160;
/** Pages one caller may send in a minute: a nudge, not a flood. */
const PAGES_PER_MINUTE = 3;
/** Per account and per address, across calls and nodes: calling back resets nothing. */
const PAGES: HoldRule = {
  kind: 'page',
  user: { limit: PAGES_PER_MINUTE, windowMs: 60_000 },
  address: { limit: PAGES_PER_MINUTE * 2, windowMs: 60_000 },
};

/** Page someone online: one line that pops up on their screen wherever they are on the board. */
export async function pageSomeone(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('page', 'paging someone');
  const name = (await io.prompt('page_ask_who', { maxLength: NAME_MAX + 10 })).trim();
  if (!name) return;
  const target = await deps.store.users.findByName(name);
  if (!target) {
    io.screen('no_such_user', { name });
    return;
  }
  if (target.id === user.id) {
    io.screen('page_self');
    return;
  }
  if (!(await deps.roster.online()).some((c) => c.userId === target.id)) {
    io.screen('page_not_online', { name: target.name });
    return;
  }
  const fromSysop = isSysop(user);
  // A sysop's page gets through pages-off, but never silently: the sysop is told before typing it.
  const overrides = !(await loadPreferences(deps, target.id)).pages;
  if (overrides && !fromSysop) {
    io.screen('page_refused', { name: target.name });
    return;
  }
  if (overrides) io.screen('page_override', { name: target.name });
  const text = (await io.prompt('page_ask_text', { maxLength: PAGE_MAX, vars: { name: target.name } })).trim();
  if (!text) {
    io.screen('page_cancelled');
    return;
  }
  const wait = await holdBack(deps.throttle, { userId: user.id, remote: io.session.remote }, PAGES);
  if (wait !== null) {
    io.screen('page_slow_down', { count: PAGES_PER_MINUTE, wait: waitText(wait) });
    return;
  }
  deps.live.publish({ kind: 'page', toUserId: target.id, from: user.name, text, at: io.now().getTime(), ...(fromSysop ? { sysop: true } : {}), ...(overrides ? { overrode: true } : {}) });
  deps.log.info('page sent', { from: user.name, to: target.name, ...(overrides ? { overrode: 'pages off' } : {}) });
  io.screen(overrides ? 'page_sent_override' : 'page_sent', { name: target.name });
}
