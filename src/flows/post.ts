import type { AreaSetting } from '../config/settings.js';
import type { SessionIO } from '../session/io.js';
import type { NewPublicMessage, PublicMessage, User } from '../store/types.js';
import { findArea, mayPost } from './areas.js';
import { askSubject, composeBody, type ComposeOptions, type DraftTarget } from './compose.js';
import { writesFullScreen } from './compose-full.js';
import type { FlowDeps } from './deps.js';
import { confirm } from './menu-input.js';
import { promoteIfDue } from './promotion.js';
import { quoteLines, replySubject } from './quote.js';
import { messageBytes, mayWrite } from './quotas.js';

/** Longest quote offered in a reply. */
const QUOTE_LINES = 12;

/** Whether `user` may post in `area`; says why not when they may not. */
export function checkPost(io: SessionIO, user: User, area: AreaSetting | undefined): area is AreaSetting {
  if (!area) {
    io.screen('area_closed');
    return false;
  }
  if (!mayPost(user, area)) {
    io.screen('area_no_post', { area: area.title, level: area.post });
    return false;
  }
  return true;
}

/** A new topic in an area: a subject, then the body. Returns the user (promoted by their first message). */
export async function postTopic(io: SessionIO, deps: FlowDeps, user: User, area: AreaSetting): Promise<User> {
  if (!checkPost(io, user, area)) return user;
  if (!(await mayWrite(io, deps, user, 'post'))) return user;
  io.enter('post', `posting in ${area.title}`);
  const subject = await askSubject(io, null, { required: true });
  if (!subject) {
    io.screen('subject_needed');
    return user;
  }
  return composeAndPublish(io, deps, user, { kind: 'post', area: area.name, subject });
}

/** Answer a public message in its own area and thread, quoting it if the caller wants. */
export async function replyTo(io: SessionIO, deps: FlowDeps, user: User, parent: PublicMessage): Promise<User> {
  if (!checkPost(io, user, findArea(deps, parent.area))) return user;
  if (!(await mayWrite(io, deps, user, 'post'))) return user;
  io.enter('reply', 'writing a reply');
  io.screen('replying_to', { author: parent.authorName, id: parent.id });
  const subject = await askSubject(io, replySubject(parent.subject, `message #${parent.id}`));
  const target: DraftTarget = { kind: 'reply', parentId: parent.id, subject };
  const header = { title: 'Reply', fields: [['To', parent.authorName], ['Subject', subject ?? ''], ['Area', findArea(deps, parent.area)?.title ?? parent.area]] as Array<[string, string]> };
  // The full-screen editor quotes from its own window (Ctrl-Q), lines of the caller's choosing.
  if (await writesFullScreen(io, deps)) return composeAndPublish(io, deps, user, target, { header, quoteFrom: { author: parent.authorName, text: parent.body } });
  const quote = (await confirm(io, 'ask_quote', { author: parent.authorName }, true)) ? quoteLines(parent.body, deps.limits.lineLength, QUOTE_LINES) : [];
  return composeAndPublish(io, deps, user, target, { prefill: quote });
}

/** The full-screen editor's header for a public message going where `target` says. */
function headerFor(deps: FlowDeps, target: DraftTarget): ComposeOptions['header'] {
  const subject: [string, string] = ['Subject', target.subject ?? ''];
  if (target.kind === 'post') return { title: 'New message', fields: [['Area', findArea(deps, target.area ?? '')?.title ?? target.area ?? ''], subject] };
  return { title: 'Reply', fields: [subject] };
}

/**
 * Type the body of a public message and publish it where `target` says: a
 * new topic or menu 1's message (an area), or a reply (its parent). The
 * lines are kept as a draft while typed; `resume` carries on with one.
 */
export async function composeAndPublish(io: SessionIO, deps: FlowDeps, user: User, target: DraftTarget, opts: Omit<ComposeOptions, 'target'> = {}): Promise<User> {
  const body = await composeBody(io, deps, { header: headerFor(deps, target), ...opts, target });
  if (!body) {
    io.screen('nothing_posted');
    return user;
  }
  const where = target.kind === 'reply' ? { parentId: target.parentId } : { area: target.area };
  return publish(io, deps, user, { authorId: user.id, body, at: io.now(), subject: target.subject, ...where });
}

/**
 * Store a message and say so; the writer's first message makes them a member.
 * The quotas are asked again here, with the message's size: another call of
 * the same account may have posted while this one was typing.
 */
async function publish(io: SessionIO, deps: FlowDeps, user: User, message: NewPublicMessage): Promise<User> {
  if (!(await mayWrite(io, deps, user, 'post', messageBytes(message.body, message.subject)))) return user;
  const posted = await deps.store.publicMessages.postMessage(message);
  deps.log.info('message posted', { user: user.name, message: posted.id, area: posted.area, reply: posted.parentId });
  // Your own message is not news to you; but the read pointer may only pass it if nothing older waits unread.
  if ((await deps.store.areaReads.unreadCount(user.id, posted.area)) === 1) await deps.store.areaReads.markRead(user.id, posted.area, posted.id);
  io.screen('posted', { id: posted.id });
  return promoteIfDue(io, deps, user, 'post');
}
