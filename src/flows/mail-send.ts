import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { composeBody, type ComposeOptions } from './compose.js';
import type { FlowDeps } from './deps.js';
import { NAME_MAX } from '../rules/names.js';
import { messageBytes, mayWrite } from './quotas.js';

/** Ask who to write to; null (after saying why) for Enter or an unknown name. */
export async function askRecipient(io: SessionIO, deps: FlowDeps): Promise<User | null> {
  const to = (await io.prompt('ask_recipient', { maxLength: NAME_MAX + 10 })).trim();
  if (!to) return null;
  const recipient = await deps.store.users.findByName(to);
  if (!recipient) io.screen('no_such_user', { name: to });
  return recipient;
}

/**
 * Store a private message and tell the recipient at once if they are online,
 * wherever they are. The quotas are asked again with the message's size:
 * another call of the same account may have sent mail meanwhile.
 */
async function deliverMail(io: SessionIO, deps: FlowDeps, from: User, to: User, body: string, subject: string | null): Promise<void> {
  if (!(await mayWrite(io, deps, from, 'mail', messageBytes(body, subject)))) return;
  const sent = await deps.store.privateMessages.send(from.id, to.id, body, io.now(), subject);
  deps.log.info('private message sent', { from: from.name, to: to.name, message: sent.id });
  deps.live.publish({ kind: 'mail', toUserId: to.id, from: from.name, subject: subject ?? '', at: io.now().getTime() });
  io.screen('private_sent', { name: to.name });
}

/** Type a private message to `to` and send it; the lines are kept as a draft while typed, and `resume` carries on with one. */
export async function composeAndSend(io: SessionIO, deps: FlowDeps, from: User, to: User, subject: string | null, opts: Omit<ComposeOptions, 'target'> = {}): Promise<void> {
  const header = { title: 'Private message', fields: [['To', to.name], ['Subject', subject ?? '']] as Array<[string, string]> };
  const body = await composeBody(io, deps, { header, ...opts, target: { kind: 'mail', recipientId: to.id, subject } });
  if (!body) {
    io.screen('nothing_posted');
    return;
  }
  await deliverMail(io, deps, from, to, body, subject);
}
