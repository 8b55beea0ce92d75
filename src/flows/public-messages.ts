import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { composeBody } from './compose.js';
import type { FlowDeps } from './deps.js';
import { formatBody, formatWhen } from './format.js';
import { Pager } from './pager.js';

const PAGE = 20;

/** Menu 1: leave a public message. */
export async function leaveMessage(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('post', 'leaving a message');
  const body = await composeBody(io, deps);
  if (!body) {
    io.screen('nothing_posted');
    return;
  }
  const posted = await deps.store.publicMessages.post(user.id, body, io.now());
  deps.log.info('message posted', { user: user.name, message: posted.id });
  io.screen('posted', { id: posted.id });
}

/** Menu 2: read the public messages, newest first, until they run out or the caller stops. */
export async function readMessages(io: SessionIO, deps: FlowDeps): Promise<void> {
  io.enter('read', 'reading messages');
  const total = await deps.store.publicMessages.count();
  if (total === 0) {
    io.screen('no_messages');
    return;
  }
  io.screen('read_intro', { count: total });
  const pager = new Pager(io);
  let before: number | undefined;
  let shown = 0;
  for (;;) {
    const batch = await deps.store.publicMessages.listNewestFirst(PAGE, before);
    if (batch.length === 0) break;
    for (const m of batch) {
      shown++;
      const text = io.render('message', {
        num: shown,
        total,
        author: m.authorName,
        when: formatWhen(m.createdAt),
        body: formatBody(m.body, io.session.terminal.cols),
      });
      if (!(await pager.write(text))) return;
    }
    before = batch[batch.length - 1]!.id;
  }
  io.screen('read_end', { count: shown });
}
