import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { unreadByArea } from './areas.js';
import type { FlowDeps } from './deps.js';
import { areaFrom, readEach } from './reader.js';
import { plural } from './format.js';
import { newFilesScan } from './file-new-scan.js';
import { boardScope, searchMessages } from './message-search.js';

/**
 * Everything new since the caller's last visit, area by area in the sysop's
 * order, in every area they may read. Each message moves that area's read
 * pointer as it is shown, so a call cut short resumes where it stopped.
 */
export async function newScan(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('new-scan', 'reading new messages');
  const areas = (await unreadByArea(deps, user)).filter((a) => a.unread > 0);
  if (areas.length === 0) {
    io.screen('scan_nothing_new');
    return newFilesScan(io, deps, user, true);
  }
  const total = areas.reduce((n, a) => n + a.unread, 0);
  io.screen('scan_intro', { count: plural(total, 'new message'), areas: plural(areas.length, 'area') });
  for (const { area, unread } of areas) {
    io.screen('scan_area', { area: area.title, count: unread });
    const outcome = await scanArea(io, deps, user, area.name, { search: () => searchMessages(io, deps, user, boardScope(deps, user)) });
    if (outcome === 'quit') return;
  }
  io.screen('scan_done');
  // New files sit beside new messages: listed after them, and only when there are some.
  await newFilesScan(io, deps, user, true);
}

/** The unread messages of one area through the reader, marking each as read once shown. */
export async function scanArea(io: SessionIO, deps: FlowDeps, user: User, area: string, opts: { canSkip?: boolean; search?: () => Promise<void> } = {}): Promise<'done' | 'quit' | 'skip'> {
  const from = await deps.store.areaReads.lastRead(user.id, area);
  return readEach(io, deps, user, areaFrom(deps, area, from), {
    canSkip: opts.canSkip ?? true,
    search: opts.search,
    shown: (m) => deps.store.areaReads.markRead(user.id, area, m.id),
  });
}
