import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { composeBody } from './compose.js';
import type { FlowDeps } from './deps.js';
import { formatBody, formatWhen } from './format.js';
import { NAME_MAX } from './names.js';
import { Pager } from './pager.js';

const INBOX_LIMIT = 200;

/** Menu 3: send a private message to another user. */
export async function sendPrivate(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('send', 'writing a private message');
  const to = (await io.prompt('ask_recipient', { maxLength: NAME_MAX + 10 })).trim();
  if (!to) return;
  const recipient = await deps.store.users.findByName(to);
  if (!recipient) {
    io.screen('no_such_user', { name: to });
    return;
  }
  io.screen('sending_to', { name: recipient.name });
  const body = await composeBody(io, deps);
  if (!body) {
    io.screen('nothing_posted');
    return;
  }
  await deps.store.privateMessages.send(user.id, recipient.id, body, io.now());
  deps.log.info('private message sent', { from: user.name, to: recipient.name });
  io.screen('private_sent', { name: recipient.name });
}

/** Menu 4: read your own messages, unread ones first; shown ones are marked read. */
export async function readPrivate(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('inbox', 'reading private messages');
  const inbox = await deps.store.privateMessages.inbox(user.id, INBOX_LIMIT);
  if (inbox.length === 0) {
    io.screen('inbox_empty');
    return;
  }
  const unread = inbox.filter((m) => !m.read).length;
  io.screen('inbox_intro', { count: inbox.length, unread });
  const pager = new Pager(io);
  for (const [i, m] of inbox.entries()) {
    const text = io.render(m.read ? 'private_message' : 'private_message_new', {
      num: i + 1,
      total: inbox.length,
      from: m.senderName,
      when: formatWhen(m.createdAt),
      body: formatBody(m.body, io.session.terminal.cols),
    });
    const more = await pager.write(text);
    if (!m.read) await deps.store.privateMessages.markRead(user.id, [m.id]);
    if (!more) return;
  }
  io.screen('inbox_end');
}
