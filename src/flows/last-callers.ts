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
  const zone = zoneOf(io.session);
  const rows = calls.map((c) => {
    const when = formatShortWhen(c.startedAt, zone);
    const online = c.endedAt === null;
    // `day` and `mark` are the narrow row's shorter forms: month-day and time, and a star for "online".
    return io.render('last_caller_row', { name: c.userName!, when, day: when.slice(5), via: viaName(c.transport), still: online ? 'online' : '', mark: online ? '*' : '' });
  });
  if (await new Pager(io).write([io.render('last_callers_header'), ...(rows.length ? rows : [io.render('last_callers_none')])].join('\n'))) await pressEnter(io);
}
