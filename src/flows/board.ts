import { artMarkup } from '../screens/art-markup.js';
import { isCallEnded } from '../session/errors.js';
import type { Conversation } from '../session/runner.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { listenForNotices } from './live-notices.js';
import { admit, login, type OnProven } from './login.js';
import { mainMenu } from './main-menu.js';
import { currentMotd } from './motd.js';
import { offerKeyLink } from './ssh-keys.js';
import { logStoreFailure } from './store-trouble.js';
import { plural } from './format.js';

/**
 * The whole call, as the seed scripted it: banner, who are you, the message
 * of the day, then the main menu until the caller quits.
 */
export function createBoard(boardDeps: FlowDeps): Conversation {
  const deps: FlowDeps = { ...boardDeps, startedAt: boardDeps.startedAt ?? new Date() };
  return async (io: SessionIO) => {
    listenForNotices(io, deps);
    const call = await deps.store.calls.start({ transport: io.session.transport, remote: io.session.remote, at: io.now() });
    let outcome = 'hangup';
    // Whoever the caller proved to be, let in or not: a banned account's attempt is logged under its name.
    const tried: { user: User | null } = { user: null };
    const proven = async (user: User): Promise<void> => {
      tried.user = user;
      await deps.store.calls.setUser(call, user.id);
    };
    try {
      const user = await identify(io, deps, proven);
      if (tried.user?.id !== user.id) await deps.store.calls.setUser(call, user.id);
      // A caller re-seated from a node that went away is back where menus start, still logged in.
      if (io.session.resumed) {
        io.screen('redialed', { name: user.name });
      } else {
        await messageOfTheDay(io, deps);
        const unread = await deps.store.privateMessages.countUnread(user.id);
        if (unread > 0) io.screen('mail_waiting', { count: plural(unread, 'new private message') });
      }
      await mainMenu(io, deps, user);
      outcome = 'quit';
      io.exit('bye', { name: user.name });
    } catch (err) {
      if (outcome !== 'quit') outcome = tried.user?.banned ? 'banned' : isCallEnded(err) ? err.reason : 'error';
      throw err;
    } finally {
      await deps.store.calls.end(call, outcome, new Date()).catch((err: unknown) => logStoreFailure(deps.log, err, 'call log'));
    }
  };
}

/** The caller's account: already known (a key login, a redial) or asked for. */
async function identify(io: SessionIO, deps: FlowDeps, proven: OnProven): Promise<User> {
  const known = io.session.user;
  if (known) {
    const user = await deps.store.users.findById(known.id);
    // A re-seated call is the same call continuing: let them in again without counting a new one.
    if (user && io.session.resumed && !user.banned) {
      io.login({ id: user.id, name: user.name, level: user.level });
      return user;
    }
    if (user) {
      const admitted = await admit(io, deps, user, proven);
      // Proven by an SSH password: the client may have offered a key not linked yet.
      await offerKeyLink(io, deps, admitted);
      return admitted;
    }
  }
  io.screen('banner');
  return login(io, deps, proven);
}

async function messageOfTheDay(io: SessionIO, deps: FlowDeps): Promise<void> {
  io.enter('motd', 'reading the news');
  io.screen('motd', { motd: artMarkup(await currentMotd(deps)) });
  const answer = await io.prompt('continue', { mode: 'key', maxLength: 3 });
  if (answer.trim().toLowerCase().startsWith('n')) io.exit('bye_early');
}
