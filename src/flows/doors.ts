import type { DoorDefinition, GatewayDefinition } from '../config/door-settings.js';
import type { DoorPlay } from '../session/handoff.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { atLeast } from '../rules/levels.js';
import type { FlowDeps } from './deps.js';
import { handOffAndBack, lineOnly, playDoor } from './door-play.js';
import { confirm, pickNumber } from './menu-input.js';
import { Pager } from './pager.js';

type Entry = { kind: 'door'; door: DoorDefinition } | { kind: 'gateway'; gateway: GatewayDefinition };

/** What the caller may pick, doors first, then the other boards. */
function entries(deps: FlowDeps, user: User): Entry[] {
  const doors = (deps.doors?.list ?? []).filter((d) => atLeast(user.level, d.level)).map((door): Entry => ({ kind: 'door', door }));
  const gateways = (deps.doors?.gateways ?? []).filter((g) => atLeast(user.level, g.level)).map((gateway): Entry => ({ kind: 'gateway', gateway }));
  return [...doors, ...gateways];
}

/** Plays as the desk reports them; a board whose desk does not answer shows nobody playing rather than failing. */
export async function playsNow(deps: FlowDeps): Promise<DoorPlay[]> {
  try {
    return (await deps.doors?.directory.plays()) ?? [];
  } catch {
    return [];
  }
}

function rows(io: SessionIO, list: Entry[], plays: DoorPlay[]): string[] {
  return list.map((e, i) => {
    const name = e.kind === 'door' ? e.door.name : `gateway:${e.gateway.name}`;
    const players = plays.filter((p) => p.door === name && !p.detached).map((p) => p.userName);
    const title = e.kind === 'door' ? e.door.title : e.gateway.title;
    const description = e.kind === 'door' ? e.door.description : e.gateway.description;
    const kind = e.kind === 'gateway' ? 'board' : e.door.lineBased ? 'text' : 'full screen';
    return io.render('door_list_row', { num: i + 1, title, description, kind, playing: players.length === 0 ? '' : `playing: ${players.join(', ')}` });
  });
}

/** The doors menu (D): every door and other board the caller may use, who is playing each now, pick one by number. */
export async function doorsMenu(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  for (;;) {
    io.enter('doors', 'in the doors menu');
    const list = entries(deps, user);
    if (list.length === 0) {
      io.screen('door_list_empty');
      return;
    }
    const plays = await playsNow(deps);
    if (await offerKeptDoors(io, deps, user, plays)) continue;
    io.clearScreen();
    await new Pager(io).write([io.render('door_list_header'), ...rows(io, list, plays)].join('\n'));
    const answer = (await io.prompt('door_list_ask', { maxLength: 4 })).trim().toUpperCase();
    if (answer === '' || answer === 'Q') return;
    const n = pickNumber(answer, list.length);
    if (n === null) {
      io.screen('door_bad_choice', { choice: answer });
      continue;
    }
    const entry = list[n - 1]!;
    if (entry.kind === 'door') await playDoor(io, deps, user, entry.door);
    else await visitBoard(io, entry.gateway);
  }
}

async function visitBoard(io: SessionIO, gateway: GatewayDefinition): Promise<void> {
  if (lineOnly(io)) {
    io.screen('door_needs_terminal', { title: gateway.title });
    return;
  }
  io.enter('door', `visiting ${gateway.title}`);
  io.screen('gateway_starting', { title: gateway.title });
  await handOffAndBack(io, { kind: 'gateway', gateway: gateway.name }, gateway.title);
}

/**
 * A door of this caller's that kept running after their line dropped: offer
 * to carry on with it, from whatever terminal they called back on. True when
 * they played it (the menu is drawn afresh).
 */
export async function offerKeptDoors(io: SessionIO, deps: FlowDeps, user: User, known?: DoorPlay[]): Promise<boolean> {
  if (lineOnly(io)) return false;
  const plays = known ?? (await playsNow(deps));
  const mine = plays.find((p) => p.userId === user.id && p.detached);
  if (!mine) return false;
  const door = deps.doors?.list.find((d) => d.name === mine.door);
  if (!door) return false;
  if (!(await confirm(io, 'door_resume_offer', { title: door.title }, true))) return false;
  io.enter('door', `playing ${door.title}`);
  await handOffAndBack(io, { kind: 'resume', door: door.name, userId: user.id }, door.title);
  return true;
}
