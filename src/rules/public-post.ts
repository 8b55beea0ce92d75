import type { AreaSetting } from '../config/settings.js';
import type { BoardConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { Store, User } from '../store/types.js';
import { guestOrLevelMayPost } from './area-access.js';
import { bodyOverCaps, messageBytes, SUBJECT_MAX } from './message-caps.js';
import { writeHold, type WriteHold } from './write-quota.js';

interface PublicPostDeps {
  store: Pick<Store, 'publicMessages' | 'areaReads' | 'quotas' | 'users'>;
  limits: Pick<BoardConfig['limits'], 'messageLines' | 'lineLength' | 'postsPerHour' | 'storagePerUser' | 'mailPerHour'>;
  log: Logger;
  now?: () => Date;
}

/** A message written whole off the terminal: where it goes (an area, or the thread of `parentId` in it), its subject and body. */
interface WholePost {
  area: AreaSetting;
  parentId: number | null;
  subject: string;
  body: string;
}

/**
 * Store a public message written whole (by newsreader or on the web) under
 * the board's rules, as the terminal's post does: the area's post level,
 * the subject and body caps, the hourly and storage quotas. The writer's
 * own message is not news to them, if nothing older waits unread, and a
 * first message makes a member. The reason comes back when a rule says no.
 */
export async function postWhole(deps: PublicPostDeps, writer: User, post: WholePost, transport: string): Promise<{ id: number } | { error: string }> {
  const { store, limits, area } = { ...deps, area: post.area };
  if (!guestOrLevelMayPost(writer, area)) return { error: `posting in ${area.title} needs level ${area.post}` };
  const subject = post.subject.replace(/\s+/g, ' ').trim();
  if (!subject) return { error: 'the message has no subject' };
  if ([...subject].length > SUBJECT_MAX) return { error: `the subject is longer than ${SUBJECT_MAX} characters` };
  const body = post.body.replace(/\n+$/, '');
  if (body.trim() === '') return { error: 'the message has no text' };
  const over = bodyOverCaps(body, limits);
  if (over) return { error: over };
  const at = (deps.now ?? (() => new Date()))();
  const hold = await writeHold(store.quotas, limits, writer, 'post', messageBytes(body, subject), at);
  if (hold) {
    deps.log.info(hold.kind === 'hourly' ? 'post held back' : 'storage full', { user: writer.name, transport });
    return { error: holdText(hold) };
  }
  const posted = await store.publicMessages.postMessage({ authorId: writer.id, body, at, subject, ...(post.parentId !== null ? { parentId: post.parentId } : { area: area.name }) });
  deps.log.info('message posted', { user: writer.name, message: posted.id, area: posted.area, reply: posted.parentId, transport });
  if ((await store.areaReads.unreadCount(writer.id, posted.area)) === 1) await store.areaReads.markRead(writer.id, posted.area, posted.id);
  if (writer.level === 'new') await store.users.setLevel(writer.id, 'member');
  return { id: posted.id };
}

/** A quota's hold, said in one line. */
function holdText(hold: WriteHold): string {
  if (hold.kind === 'hourly') return `you have posted ${hold.count} messages in the last hour, the most allowed; try again after ${hold.roomAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const used = Math.ceil(hold.usedBytes / 1024);
  return hold.full ? `your messages fill the ${hold.capKiB} KiB an account may write` : `that message does not fit: you have written ${used} of the ${hold.capKiB} KiB an account may`;
}
