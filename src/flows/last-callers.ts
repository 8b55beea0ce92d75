import type { SessionIO } from '../session/io.js';
import type { FlowDeps } from './deps.js';
import { formatShortWhen } from './format.js';
import { pressEnter } from './menu-input.js';
import { Pager } from './pager.js';
import { viaName } from '../screens/transport-names.js';
import { zoneOf } from '../screens/zone-clock.js';

const SHOWN = 15;

/** Who called lately and over which wire. Calls that never logged in, or were turned away, are the sysop's business (the call log), not the callers'. */
export async function lastCallers(io: SessionIO, deps: FlowDeps): Promise<void> {
  io.enter('last-callers', 'looking at the last callers');
  const calls = (await deps.store.calls.recent(SHOWN * 4)).filter((c) => c.userName !== null && c.outcome !== 'banned').slice(0, SHOWN);
  const rows = calls.map((c) => io.render('last_caller_row', { name: c.userName!, when: formatShortWhen(c.startedAt, zoneOf(io.session)), via: viaName(c.transport), still: c.endedAt === null ? 'online' : '' }));
  if (await new Pager(io).write([io.render('last_callers_header'), ...(rows.length ? rows : [io.render('last_callers_none')])].join('\n'))) await pressEnter(io);
}
