import type { SessionIO } from '../session/io.js';
import { boardAreas } from './areas.js';
import type { FlowDeps } from './deps.js';
import { formatSpan, formatWhen, plural } from './format.js';
import { pressEnter } from './menu-input.js';
import { zoneOf } from '../screens/zone-clock.js';

/** The board's vital signs: who runs it, how long it has been up, how busy it has been. */
export async function boardInfo(io: SessionIO, deps: FlowDeps): Promise<void> {
  io.enter('board-info', 'reading about the board');
  const startedAt = deps.startedAt ?? io.now();
  const [accounts, messages, calls, online] = await Promise.all([
    deps.store.users.list(),
    deps.store.publicMessages.count(),
    deps.store.calls.count(),
    deps.roster.online(),
  ]);
  io.clearScreen();
  io.screen('board_info', {
    sysop: accounts.filter((u) => u.level === 'sysop').map((u) => u.name).join(', ') || (deps.board.sysop ?? 'sysop'),
    up: formatWhen(startedAt, zoneOf(io.session)),
    uptime: formatSpan(io.now().getTime() - startedAt.getTime()),
    users: plural(accounts.length, 'account'),
    messages: plural(messages, 'message'),
    calls: plural(calls, 'call'),
    online: online.length,
    areas: plural(boardAreas(deps).length, 'area'),
  });
  await pressEnter(io);
}
