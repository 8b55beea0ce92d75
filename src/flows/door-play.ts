import type { DoorDefinition } from '../config/door-settings.js';
import type { SessionIO } from '../session/io.js';
import type { DoorCaller, Handback, HandoffRequest } from '../session/handoff.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { startOfDay } from './oneliners.js';

/** The 2010 client carries only lines: doors that need a terminal are not for it. */
export function lineOnly(io: SessionIO): boolean {
  return io.session.transport === 'tcpjson';
}

/** Minutes left in this door now: the lower of the per-call and the per-day limit; 0 when neither is set, null when the day's are spent. */
async function minutesLeft(deps: FlowDeps, user: User, door: DoorDefinition, now: Date): Promise<number | null> {
  let minutes = door.minutesPerCall;
  if (door.minutesPerDay > 0) {
    const used = await deps.store.doorTime.secondsSince(user.id, door.name, startOfDay(now));
    const left = Math.floor((door.minutesPerDay * 60 - used) / 60);
    if (left < 1) return null;
    minutes = minutes === 0 ? left : Math.min(minutes, left);
  }
  return minutes;
}

async function doorCaller(io: SessionIO, deps: FlowDeps, user: User, minutes: number): Promise<DoorCaller> {
  const now = io.now();
  const posts = await deps.store.quotas.postsBy(user.id, new Date(0), Number.MAX_SAFE_INTEGER);
  return {
    node: io.session.node,
    userId: user.id,
    userName: user.name,
    level: user.level,
    minutes,
    calls: user.calls,
    firstCall: user.createdAt.getTime(),
    lastCall: (user.lastCallAt ?? now).getTime(),
    posts: posts.count,
  };
}

/** Hand the terminal over and, once it is back, say how it went in one line. */
export async function handOffAndBack(io: SessionIO, request: HandoffRequest, title: string): Promise<Handback> {
  const back = await io.handOff(request);
  io.clearScreen();
  if (back.note) io.screen('door_note', { note: back.note });
  else io.screen('door_back', { title });
  return back;
}

/** Play one door: the checks a caller can meet first (a terminal, the level, the day's minutes), then the hand-off, then the time is counted. */
export async function playDoor(io: SessionIO, deps: FlowDeps, user: User, door: DoorDefinition): Promise<void> {
  if (lineOnly(io) && !door.lineBased) {
    io.screen('door_needs_terminal', { title: door.title });
    return;
  }
  const minutes = await minutesLeft(deps, user, door, io.now());
  if (minutes === null) {
    io.screen('door_no_time', { title: door.title, minutes: door.minutesPerDay });
    return;
  }
  io.enter('door', `playing ${door.title}`);
  io.screen('door_starting', { title: door.title, minutes: minutes === 0 ? 'no limit' : `${minutes} min` });
  // The time is counted by the desk that ran the door, also when the caller's line drops in the middle.
  await handOffAndBack(io, { kind: 'door', door: door.name, caller: await doorCaller(io, deps, user, minutes) }, door.title);
}
