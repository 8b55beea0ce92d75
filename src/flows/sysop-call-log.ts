import type { SessionIO } from '../session/io.js';
import type { FlowDeps } from './deps.js';
import { formatShortWhen, formatSpan } from './format.js';
import { pressEnter } from './menu-input.js';
import { Pager } from './pager.js';
import { viaName } from '../screens/transport-names.js';
import { zoneOf } from '../screens/zone-clock.js';

const SHOWN = 100;

/** Every recent call, logged in or not, with where it came from and how it ended. */
export async function callLog(io: SessionIO, deps: FlowDeps): Promise<void> {
  io.enter('call-log', 'reading the call log');
  const calls = await deps.store.calls.recent(SHOWN);
  const rows = calls.map((c) =>
    io.render('sysop_call_row', {
      id: c.id,
      // Month, day and time: the year is this one or the last, and the row has other columns to fit.
      when: formatShortWhen(c.startedAt, zoneOf(io.session)).slice(5),
      name: c.userName ?? '-',
      via: viaName(c.transport),
      from: c.remote,
      length: c.endedAt ? formatSpan(c.endedAt.getTime() - c.startedAt.getTime()) : 'now',
      outcome: c.outcome ?? 'online',
    }),
  );
  if (await new Pager(io).write([io.render('sysop_call_header', { count: calls.length }), ...rows].join('\n'))) await pressEnter(io);
}
