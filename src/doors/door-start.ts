import type { CallerPort } from '../session/caller.js';
import type { DoorCaller } from '../session/handoff.js';
import type { DoorDefinition } from '../config/door-settings.js';
import type { Logger } from '../logger.js';
import { DoorProcess } from './door-process.js';
import { doorVariables, expandDoorText, type DoorVariables } from './door-variables.js';
import { writeDropFolder, type DropFolder } from './drop-folder.js';
import type { DropInfo } from './drop-info.js';
import { DosboxDoor } from './dosbox-door.js';
import { LineDoor } from './line-door.js';
import { LinePlay } from './line-play.js';
import { Play, type PlayFacts } from './play.js';
import type { RawPeer } from './raw-peer.js';
import { ScreenModel } from './screen-model.js';

export interface DoorLaunch {
  door: DoorDefinition;
  caller: DoorCaller;
  port: CallerPort;
  board: { name: string; sysop: string | null };
  log: Logger;
}

/** Drop files carry a number where the board has names: the usual spread of 0-255. */
const LEVEL_NUMBER = { new: 10, member: 50, sysop: 100 } as const;

function dropInfo(launch: DoorLaunch): DropInfo {
  const { caller, port, board } = launch;
  const t = port.terminal;
  return {
    boardName: board.name,
    sysopName: board.sysop ?? 'Sysop',
    node: caller.node,
    userId: caller.userId,
    userName: caller.userName,
    location: '',
    securityLevel: LEVEL_NUMBER[caller.level],
    minutesLeft: caller.minutes > 0 ? caller.minutes : 1440,
    cols: t.cols,
    rows: t.rows,
    ansi: t.colorLevel > 0 || t.ansiBbs,
    cp437: t.encoding === 'cp437',
    transport: port.transport,
    calls: caller.calls,
    firstCall: new Date(caller.firstCall),
    lastCall: new Date(caller.lastCall),
    posts: caller.posts,
    now: new Date(),
  };
}

function peerFor(launch: DoorLaunch, folder: DropFolder, vars: DoorVariables, info: DropInfo): RawPeer {
  const { door } = launch;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(door.env)) env[k] = expandDoorText(v, vars);
  const timeLimitMs = launch.caller.minutes > 0 ? launch.caller.minutes * 60_000 : undefined;
  if (door.kind === 'dosbox') return new DosboxDoor({ door, dropDir: folder.path, env, timeLimitMs });
  return new DoorProcess({
    command: door.command,
    args: door.args.map((a) => expandDoorText(a, vars)),
    cwd: door.cwd ?? folder.path,
    env,
    cols: info.cols,
    rows: info.rows,
    termName: launch.port.terminal.termType || (info.ansi ? 'ansi' : 'dumb'),
    encoding: door.encoding,
    ...(timeLimitMs ? { timeLimitMs } : {}),
  });
}

/**
 * Everything a door needs before its first byte: the drop files in a
 * private folder (removed when the play ends), its arguments and environment
 * with the call's variables, its process, and a screen model when a caller
 * may come back to it or a sysop look in.
 */
export async function launchDoor(launch: DoorLaunch, lineOnly: boolean): Promise<Play | LinePlay> {
  const { door, caller } = launch;
  const info = dropInfo(launch);
  const folder = await writeDropFolder(door.dropFiles, info);
  const facts: PlayFacts = { door: door.name, title: door.title, userId: caller.userId, userName: caller.userName, encoding: door.encoding };
  try {
    const vars = doorVariables(info, folder, door.encoding);
    if (lineOnly) {
      const lineDoor = new LineDoor({ command: door.command, args: door.args.map((a) => expandDoorText(a, vars)), cwd: door.cwd ?? folder.path, env: door.env, encoding: door.encoding });
      const play = new LinePlay(facts, lineDoor);
      play.onEnd(() => void folder.remove());
      return play;
    }
    const model = new ScreenModel(info.cols, info.rows);
    const play = new Play(facts, peerFor(launch, folder, vars, info), model);
    play.onEnd(() => void folder.remove());
    return play;
  } catch (err) {
    await folder.remove();
    throw err;
  }
}
