import type { Draft } from '../session/draft.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { findArea } from './areas.js';
import { chatRoom } from './chat.js';
import { doorsMenu } from './doors.js';
import { fileAreas } from './file-areas.js';
import { showLines } from './compose.js';
import type { FlowDeps } from './deps.js';
import { composeAndSend } from './mail-send.js';
import { checkPost, composeAndPublish } from './post.js';
import { plural } from './format.js';
import { confirm } from './menu-input.js';

/**
 * A caller re-seated after their node went away is put back where they
 * were, as far as it is kept as data: in the editor with the message they
 * were typing, or in the chat room. Anywhere else they start again at the
 * main menu. Returns the account (a first post may promote it).
 */
export async function resumeCall(io: SessionIO, deps: FlowDeps, user: User): Promise<User> {
  const draft = io.session.draft;
  if (draft) return resumeDraft(io, deps, user, draft);
  if (io.session.resumedFrom === 'chat') await chatRoom(io, deps, user);
  // Back from a door that went on while the node was restarted: at the doors menu, as if the node had never gone.
  if (io.session.resumedFrom === 'door' || io.session.resumedFrom === 'doors') await doorsMenu(io, deps, user);
  // Back from a file transfer (or the file menus) the same way: at the file areas.
  if (io.session.resumedFrom === 'files') await fileAreas(io, deps, user);
  return user;
}

async function resumeDraft(io: SessionIO, deps: FlowDeps, user: User, draft: Draft): Promise<User> {
  switch (draft.kind) {
    case 'post': {
      const area = draft.area === undefined ? undefined : findArea(deps, draft.area);
      if (!checkPost(io, user, area)) return keptOnly(io, user, draft);
      io.enter('post', `posting in ${area.title}`);
      return composeAndPublish(io, deps, user, { kind: 'post', area: area.name, subject: draft.subject }, { resume: draft });
    }
    case 'reply': {
      const parent = draft.parentId === undefined ? null : await deps.store.publicMessages.findById(draft.parentId);
      if (!parent || !checkPost(io, user, findArea(deps, parent.area))) {
        if (!parent) io.screen('draft_target_gone');
        return keptOnly(io, user, draft);
      }
      io.enter('reply', 'writing a reply');
      return composeAndPublish(io, deps, user, { kind: 'reply', parentId: parent.id, subject: draft.subject }, { resume: draft });
    }
    case 'mail': {
      const to = draft.recipientId === undefined ? null : await deps.store.users.findById(draft.recipientId);
      if (!to) {
        io.screen('draft_target_gone');
        return keptOnly(io, user, draft);
      }
      io.enter('send', 'writing a private message');
      io.screen('sending_to', { name: to.name });
      await composeAndSend(io, deps, user, to, draft.subject, { resume: draft });
      return user;
    }
  }
}

/** A message the caller was writing when their line dropped on an earlier call: offered back, and gone if they say no. */
export async function offerKeptDraft(io: SessionIO, deps: FlowDeps, user: User): Promise<User> {
  const draft = await deps.store.drafts.take(user.id);
  if (!draft || draft.lines.every((l) => l.trim() === '')) return user;
  const what = draft.kind === 'mail' ? 'a private message' : draft.kind === 'reply' ? 'a reply' : 'a message';
  if (!(await confirm(io, 'draft_offer', { what, count: plural(draft.lines.length, 'line') }, true))) return user;
  return resumeDraft(io, deps, user, draft);
}

/**
 * The message cannot go where it was going any more (the area closed, the
 * thread or the recipient gone): the caller at least sees what they typed,
 * to keep it their own way, and the draft is let go.
 */
function keptOnly(io: SessionIO, user: User, draft: Draft): User {
  io.screen('draft_kept', { count: plural(draft.lines.length, 'line') });
  showLines(io, draft.lines);
  io.saveDraft(null);
  return user;
}
