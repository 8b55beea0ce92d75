import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { askSubject } from './compose.js';
import type { FlowDeps } from './deps.js';
import { formatBody, formatWhen, plural } from './format.js';
import { askRecipient, composeAndSend } from './mail-send.js';
import { Pager } from './pager.js';
import { mayWrite } from './quotas.js';
import { zoneOf } from '../screens/zone-clock.js';

const INBOX_LIMIT = 200;

/** Menu 3, as the seed had it: who to, a subject (Enter for none) as in the mailbox, then typing. */
export async function sendPrivate(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('send', 'writing a private message');
  if (!(await mayWrite(io, deps, user, 'mail'))) return;
  const recipient = await askRecipient(io, deps);
  if (!recipient) return;
  io.screen('sending_to', { name: recipient.name });
  const subject = await askSubject(io, null);
  await composeAndSend(io, deps, user, recipient, subject);
}

/** Menu 4: read your own messages, unread ones first, in one paged read; each is marked read as it is shown. */
export async function readPrivate(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('inbox', 'reading private messages');
  const inbox = await deps.store.privateMessages.inbox(user.id, INBOX_LIMIT);
  if (inbox.length === 0) {
    io.screen('inbox_empty');
    return;
  }
  const unread = inbox.filter((m) => !m.read).length;
  io.clearScreen();
  io.screen('inbox_intro', { count: plural(inbox.length, 'message'), unread });
  const pager = new Pager(io);
  for (const [i, m] of inbox.entries()) {
    // Marked before it is drawn: once the caller can see it, it is read, even if the line drops now.
    if (!m.read) await deps.store.privateMessages.markRead(user.id, [m.id]);
    const text = io.render(m.read ? 'private_message' : 'private_message_new', {
      num: i + 1,
      total: inbox.length,
      from: m.senderName,
      when: formatWhen(m.createdAt, zoneOf(io.session)),
      subject: m.subject ?? '(no subject)',
      body: formatBody(m.body, io.session.terminal.cols),
    });
    if (!(await pager.write(text))) return;
  }
  if (await pager.write(io.render('inbox_end'))) await pager.end();
}
