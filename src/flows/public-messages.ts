import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { defaultArea, mayRead } from './areas.js';
import { askSubject } from './compose.js';
import type { FlowDeps } from './deps.js';
import { formatBody, formatWhen, plural } from './format.js';
import { Pager } from './pager.js';
import { checkPost, composeAndPublish } from './post.js';
import { mayWrite } from './quotas.js';
import { zoneOf } from '../screens/zone-clock.js';

const PAGE = 20;

/** Menu 1, as the seed had it, into the board's default area: a subject (Enter for none), then typing. */
export async function leaveMessage(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  const area = defaultArea(deps);
  if (!checkPost(io, user, area)) return;
  if (!(await mayWrite(io, deps, user, 'post'))) return;
  io.enter('post', 'leaving a message');
  const subject = await askSubject(io, null);
  await composeAndPublish(io, deps, user, { kind: 'post', area: area.name, subject });
}

/**
 * Menu 2, as the seed had it: the default area newest first, one long paged
 * read. Reading to the end counts as having read the area.
 */
export async function readMessages(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('read', 'reading messages');
  const area = defaultArea(deps);
  if (!mayRead(user, area)) {
    io.screen('area_no_read', { area: area.title, level: area.read });
    return;
  }
  const total = (await deps.store.publicMessages.areas()).find((a) => a.area === area.name)?.count ?? 0;
  if (total === 0) {
    io.screen('no_messages');
    return;
  }
  io.clearScreen();
  io.screen('read_intro', { count: plural(total, 'message') });
  const pager = new Pager(io);
  let before: number | undefined;
  let newest = 0;
  let shown = 0;
  for (;;) {
    const batch = await deps.store.publicMessages.listInAreaNewestFirst(area.name, PAGE, before);
    if (batch.length === 0) break;
    for (const m of batch) {
      shown++;
      newest = Math.max(newest, m.id);
      const text = io.render('message', {
        num: shown,
        total,
        author: m.authorName,
        when: formatWhen(m.createdAt, zoneOf(io.session)),
        subject: m.subject ?? '',
        body: formatBody(m.body, io.session.terminal.cols),
      });
      if (!(await pager.write(text))) return;
    }
    before = batch[batch.length - 1]!.id;
  }
  await deps.store.areaReads.markRead(user.id, area.name, newest);
  if (await pager.write(io.render('read_end', { count: shown }))) await pager.end();
}
