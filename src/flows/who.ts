import type { SessionIO } from '../session/io.js';
import type { FlowDeps } from './deps.js';
import { formatClock, plural } from './format.js';
import { pressEnter } from './menu-input.js';
import { Pager } from './pager.js';
import { viaName } from '../screens/transport-names.js';
import { zoneOf } from '../screens/zone-clock.js';

/** Everyone on the board, on every node (of every host, on a board of several): who, where, doing what, since when. */
export async function whoIsOnline(io: SessionIO, deps: FlowDeps): Promise<void> {
  io.enter('who', "looking at who's online");
  const callers = (await deps.roster.online()).sort(
    (a, b) => (a.host ?? '').localeCompare(b.host ?? '') || a.node - b.node || a.line - b.line || a.connectedAt.getTime() - b.connectedAt.getTime(),
  );
  // A board on one host has no host column; on several, node numbers repeat, and the host says whose they are.
  const hosts = callers.some((c) => c.host !== undefined) ? '_hosts' : '';
  const rows = callers.map((c) =>
    io.render(`who_row${hosts}`, {
      host: c.host ?? '',
      node: c.node,
      line: c.line,
      name: c.user ?? '(logging in)',
      via: viaName(c.transport),
      doing: c.doing,
      since: formatClock(c.since, zoneOf(io.session)),
      you: c.sessionId === io.session.id ? '< you' : '',
    }),
  );
  if (await new Pager(io).write([io.render(`who_header${hosts}`), ...rows, io.render('who_footer', { count: plural(callers.length, 'caller') })].join('\n'))) await pressEnter(io);
}
