import { artMarkup } from '../screens/art-markup.js';
import { isCallEnded } from '../session/errors.js';
import type { HangupReason } from '../session/events.js';
import type { Conversation } from '../session/runner.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { formatTimeOnline } from './format.js';
import { listenForNotices, OpeningCallers } from './live-notices.js';
import { formatAgo, formatDayTime } from './format.js';
import { admit, askFirstName, login, openLogin, type OnProven } from './login.js';
import { mainMenu } from './main-menu.js';
import { currentMotd } from './motd.js';
import { loadPreferences } from './preferences.js';
import { zoneOf } from '../screens/zone-clock.js';
import { offerKeyLink } from './ssh-keys.js';
import { offerKeptDraft, resumeCall } from './resume-call.js';
import { offerKeptDoors } from './doors.js';
import { logStoreFailure, unlessStoreFails } from './store-trouble.js';
import { plural } from './format.js';

/** Mid-message when the call ended: the message waits for the caller's next call (a call moved to another node takes it along instead). */
function keepUnfinished(io: SessionIO, deps: FlowDeps, outcome: HangupReason, at: Date): void {
  const draft = io.session.draft;
  const writer = io.session.user;
  if (!draft || !writer || outcome === 'goodbye' || outcome === 'moved') return;
  // An editor opened and left without a word is nothing to offer back.
  if (draft.lines.every((line) => line.trim() === '')) return;
  deps.store.drafts.keep(writer.id, draft, at).catch((err: unknown) => logStoreFailure(deps.log, err, 'draft'));
}

/**
 * The whole call, as the seed scripted it: banner, who are you, the message
 * of the day, then the main menu until the caller quits. A new caller's
 * banner and name prompt are the opening, drawn before the conversation
 * starts; the conversation begins with the name they answer (or with the end
 * of a call that never answered, which it logs like any other).
 */
export function createConversation(given: FlowDeps): Conversation {
  const deps: FlowDeps = { ...given, startedAt: given.startedAt ?? new Date() };
  // Callers at the opening, with their call-log rows: written as the line opens, so the sysop's log shows every call in progress.
  const opening = new OpeningCallers<CallRow>(deps.live);
  const conversation: Conversation = async (io: SessionIO, opened?: Promise<string>) => {
    const row = opened ? opening.leave(io) : undefined;
    listenForNotices(io, deps);
    // The call's row is written while the banner goes out: the caller waits on nothing the call log does.
    const call = row === undefined ? startCallRow(io, deps) : Promise.resolve(row);
    // The call log's word for how the call ended: the runner's (a wire's hang-up, idle, a kick) unless the caller logged off.
    let outcome: HangupReason = 'line dropped';
    // Whoever the caller proved to be, let in or not: a banned account's attempt is logged under its name.
    const tried: { user: User | null } = { user: null };
    const proven = async (user: User): Promise<void> => {
      tried.user = user;
      await deps.store.calls.setUser(await call, user.id);
    };
    try {
      // The opening's answer is awaited before anything else, so a call that ended at the opening meets its end here.
      let user = opened ? await login(io, deps, await opened, proven) : ((await identifyKnown(io, deps, proven)) ?? (await login(io, deps, await askFirstName(io), proven)));
      if (tried.user?.id !== user.id) await deps.store.calls.setUser(await call, user.id);
      // A caller re-seated from a node that went away is still logged in, and back at what they were typing.
      if (io.session.resumed) {
        io.screen('redialed', { name: user.name });
        const resumed = user;
        await unlessStoreFails(io, deps, async () => {
          user = await resumeCall(io, deps, resumed);
        });
      } else {
        await messageOfTheDay(io, deps);
        // The account as it was proven, before this call was counted: its last call is the previous one.
        const previous = tried.user?.id === user.id ? tried.user.lastCallAt : null;
        io.session.previousCallAt = previous;
        if (previous) welcomeBack(io, user, previous);
        const unread = await deps.store.privateMessages.countUnread(user.id);
        if (unread > 0) io.screen('mail_waiting', { count: plural(unread, 'new private message') });
        // A message left unfinished when the line dropped, and a game kept running, wait for them: offered first.
        user = await offerKeptDraft(io, deps, user);
        await offerKeptDoors(io, deps, user);
      }
      await mainMenu(io, deps, user);
      outcome = 'goodbye';
      io.exit('bye', { name: user.name, online: formatTimeOnline(io.now().getTime() - io.session.startedAt.getTime()) });
    } catch (err) {
      if (outcome !== 'goodbye') outcome = tried.user?.banned ? 'banned' : isCallEnded(err) ? err.why : 'error';
      throw err;
    } finally {
      const endedAt = new Date();
      keepUnfinished(io, deps, outcome, endedAt);
      // Written behind the call, not before the line is free: the next caller does not wait on the call log.
      void call.then((id) => deps.store.calls.end(id, outcome, endedAt)).catch((err: unknown) => logStoreFailure(deps.log, err, 'call log'));
    }
  };
  conversation.opening = (io: SessionIO) => {
    const prompt = openLogin(io);
    const row = startCallRow(io, deps);
    opening.join(io, row);
    // Once written, the row's id is kept instead of its promise: a settled promise is 48 bytes per waiting caller.
    row.then(
      (id) => opening.replace(io, row, id),
      () => undefined,
    );
    return prompt;
  };
  return conversation;
}

/** A call's row in the call log: its id once written, its promise until then. */
type CallRow = Promise<number> | number;

/** The call's row in the call log, from when the line opened. */
function startCallRow(io: SessionIO, deps: FlowDeps): Promise<number> {
  const call = deps.store.calls.start({ transport: io.session.transport, remote: io.session.remote, at: io.session.startedAt });
  // Its failure is met where the row's id is needed (the login, the end); until then it is not an unhandled one.
  call.catch(() => undefined);
  return call;
}

/** The caller's account when it is already known (a key login, a redial); null when it must be asked for. */
async function identifyKnown(io: SessionIO, deps: FlowDeps, proven: OnProven): Promise<User | null> {
  const known = io.session.user;
  if (!known) return null;
  const user = await deps.store.users.findById(known.id);
  // A re-seated call is the same call continuing: let them in again without counting a new one.
  if (user && io.session.resumed && !user.banned) {
    io.login({ id: user.id, name: user.name, level: user.level });
    // The terminal comes back with the call; the time zone is the caller's setting, read again here.
    io.session.timeZone = (await loadPreferences(deps, user.id)).timeZone;
    return user;
  }
  if (!user) return null;
  const admitted = await admit(io, deps, user, proven);
  // Proven by an SSH password: the client may have offered a key not linked yet.
  await offerKeyLink(io, deps, admitted);
  return admitted;
}

async function messageOfTheDay(io: SessionIO, deps: FlowDeps): Promise<void> {
  io.enter('motd', 'reading the news');
  io.screen('motd', { motd: artMarkup(await currentMotd(deps)) });
  const answer = await io.prompt('continue', { mode: 'key', maxLength: 3 });
  if (answer.trim().toLowerCase().startsWith('n')) io.exit('bye_early');
}

/** "Welcome back, NAME: your last call was 3 days ago (Tue 1 Dec 21:14)", in the caller's zone. */
function welcomeBack(io: SessionIO, user: User, previous: Date): void {
  io.screen('welcome_back', { name: user.name, ago: formatAgo(io.now().getTime() - previous.getTime()), when: formatDayTime(previous, zoneOf(io.session)) });
}
