import type { SessionIO } from '../session/io.js';
import type { FlowDeps } from './deps.js';
import { formatAgo } from './format.js';
import { handOffAndBack, lineOnly } from './door-play.js';
import { playsNow } from './doors.js';
import { pickNumber } from './menu-input.js';

/** The sysop looks in on a running door, read-only: its screen as it is now, then live, until they press a key. */
export async function watchDoor(io: SessionIO, deps: FlowDeps): Promise<void> {
  io.enter('sysop', 'watching a door');
  const plays = await playsNow(deps);
  if (plays.length === 0) {
    io.screen('door_watch_none');
    return;
  }
  if (lineOnly(io)) {
    io.screen('door_needs_terminal', { title: 'Watching a door' });
    return;
  }
  const now = io.now().getTime();
  const titleOf = (door: string): string => deps.doors?.list.find((d) => d.name === door)?.title ?? door;
  const list = plays.map((p, i) =>
    io.render('door_watch_row', { num: i + 1, title: titleOf(p.door), name: p.userName, since: formatAgo(now - p.startedAt), state: p.detached ? 'line dropped, waiting' : '' }),
  );
  io.print(list.join('\n'));
  const n = pickNumber(await io.prompt('door_watch_ask', { maxLength: 4 }), plays.length);
  if (n === null) return;
  const play = plays[n - 1]!;
  await handOffAndBack(io, { kind: 'watch', playId: play.playId }, titleOf(play.door));
}
