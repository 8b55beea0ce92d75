import type { SessionIO } from '../session/io.js';
import type { PrivateMessage, User } from '../store/types.js';
import { askSubject } from './compose.js';
import type { FlowDeps } from './deps.js';
import { formatShortWhen, formatWhen, plural } from './format.js';
import { askRecipient, composeAndSend } from './mail-send.js';
import { mayWrite } from './quotas.js';
import { renderBody } from './message-view.js';
import { chooseFrom, confirm, pickNumber } from './menu-input.js';
import { Pager } from './pager.js';
import { quoteLines, replySubject } from './quote.js';
import { zoneOf } from '../screens/zone-clock.js';

const INBOX_LIMIT = 200;
const QUOTE_LINES = 12;

/**
 * The mailbox: an index of the caller's mail with subjects, read from any
 * message on with reply (quoted) and delete, and new mail with a subject.
 */
export async function mailbox(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  for (;;) {
    io.enter('mailbox', 'in the mailbox');
    const inbox = await deps.store.privateMessages.inbox(user.id, INBOX_LIMIT);
    const unread = inbox.filter((m) => !m.read).length;
    const rows = inbox.map((m, i) =>
      io.render('mail_row', { num: i + 1, mark: m.read ? '' : 'new', from: m.senderName, subject: m.subject ?? '(no subject)', when: formatShortWhen(m.createdAt, zoneOf(io.session)) }),
    );
    await new Pager(io).write([io.render('mail_header', { count: plural(inbox.length, 'message'), unread }), ...(rows.length ? rows : [io.render('mail_none')])].join('\n'));
    const answer = (await io.prompt('mail_ask', { maxLength: 4 })).trim().toUpperCase();
    if (answer === '' || answer === 'Q') return;
    if (answer === 'W') {
      await writeMail(io, deps, user);
      continue;
    }
    const n = pickNumber(answer, inbox.length);
    if (n === null) io.screen('mail_bad_choice', { choice: answer });
    else await readFrom(io, deps, user, inbox, n - 1);
  }
}

/** Read from one message on, each with its own prompt. */
async function readFrom(io: SessionIO, deps: FlowDeps, user: User, inbox: readonly PrivateMessage[], start: number): Promise<void> {
  io.enter('mail-read', 'reading private messages');
  for (let i = start; i < inbox.length; i++) {
    const m = inbox[i]!;
    if (!m.read) await deps.store.privateMessages.markRead(user.id, [m.id]);
    await show(io, m, i + 1, inbox.length);
    for (;;) {
      const key = await chooseFrom(io, deps, user.id, 'mail_reader_prompt');
      if (key === '' || key === 'N') break;
      if (key === 'Q') return;
      if (key === 'A') await show(io, m, i + 1, inbox.length);
      else if (key === 'R') await replyMail(io, deps, user, m);
      else if (key === 'D') {
        if (!(await confirm(io, 'mail_delete_confirm', { from: m.senderName, subject: m.subject ?? '(no subject)' }))) continue;
        if (await deps.store.privateMessages.deleteForRecipient(user.id, m.id)) io.screen('mail_deleted');
        break;
      } else io.screen('reader_bad_key', { choice: key });
    }
  }
  io.screen('inbox_end');
}

async function show(io: SessionIO, m: PrivateMessage, num: number, total: number): Promise<void> {
  const header = io.render('mail_message', { num, total, from: m.senderName, subject: m.subject ?? '(no subject)', when: formatWhen(m.createdAt, zoneOf(io.session)) });
  await new Pager(io).write(`${header}\n${renderBody(io, m.body)}`);
}

/** New mail: who to, a subject (optional), the body. */
async function writeMail(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('send', 'writing a private message');
  if (!(await mayWrite(io, deps, user, 'mail'))) return;
  const recipient = await askRecipient(io, deps);
  if (!recipient) return;
  io.screen('sending_to', { name: recipient.name });
  const subject = await askSubject(io, null);
  await composeAndSend(io, deps, user, recipient, subject);
}

async function replyMail(io: SessionIO, deps: FlowDeps, user: User, original: PrivateMessage): Promise<void> {
  io.enter('send', 'writing a private message');
  if (!(await mayWrite(io, deps, user, 'mail'))) return;
  const recipient = await deps.store.users.findById(original.senderId);
  if (!recipient) {
    io.screen('no_such_user', { name: original.senderName });
    return;
  }
  io.screen('sending_to', { name: recipient.name });
  const subject = await askSubject(io, replySubject(original.subject, 'your message'));
  const quote = (await confirm(io, 'ask_quote', { author: recipient.name }, true)) ? quoteLines(original.body, deps.limits.lineLength, QUOTE_LINES) : [];
  await composeAndSend(io, deps, user, recipient, subject, { prefill: quote });
}
