import type { Terminal } from '../session/events.js';
import type { DoorCaller } from '../session/handoff.js';
import type { DoorDefinition } from '../config/door-settings.js';
import type { Logger } from '../logger.js';
import { DoorProcess } from './door-process.js';
import { doorVariables, expandDoorText, type DoorVariables } from './door-variables.js';
import { dosDropFolder, dosDropInfo } from './dos-drive.js';
import { writeDropFolder, type DropFolder } from './drop-folder.js';
import type { DropInfo } from './drop-info.js';
import { DosboxDoor } from './dosbox-door.js';
import { LineDoor } from './line-door.js';
import { LinePlay } from './line-play.js';
import type { Play, PlayFacts } from './play.js';
import type { RawPeer } from './raw-peer.js';
import { ScreenModel } from './screen-model.js';

/** What starting one door for one call takes. */
export interface DoorLaunch {
  door: DoorDefinition;
  caller: DoorCaller;
  /** The caller's wire ('telnet', 'ssh' ...) and their port's terminal (a line door's only one). */
  transport: string;
  terminal: Terminal;
  board: { name: string; sysop: string | null };
  /** The board's data folder, for `{data}`. */
  data: string;
  log: Logger;
}

/** Drop files carry a number where the board has names: the usual spread of 0-255. */
const LEVEL_NUMBER = { new: 10, member: 50, sysop: 100 } as const;

/** The door's facts for the doors list and the sysop's watch. */
export function playFacts(launch: DoorLaunch): PlayFacts {
  const { door, caller } = launch;
  return { door: door.name, title: door.title, userId: caller.userId, userName: caller.userName, encoding: door.encoding };
}

function dropInfo(launch: DoorLaunch, t: Terminal): DropInfo {
  const { caller, board } = launch;
  const now = new Date();
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
    transport: launch.transport,
    calls: caller.calls,
    firstCall: new Date(caller.firstCall),
    lastCall: new Date(caller.lastCall),
    posts: caller.posts,
    now,
    callStart: now,
  };
}

function environment(door: DoorDefinition, vars: DoorVariables): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(door.env)) env[k] = expandDoorText(v, vars);
  return env;
}

function peerFor(launch: DoorLaunch, folder: DropFolder, vars: DoorVariables, t: Terminal): RawPeer {
  const { door } = launch;
  const args = door.args.map((a) => expandDoorText(a, vars));
  const timeLimitMs = launch.caller.minutes > 0 ? launch.caller.minutes * 60_000 : undefined;
  if (door.kind === 'dosbox') return new DosboxDoor({ doorFolder: door.cwd ?? folder.path, command: expandDoorText(door.command, vars), args, dropFolder: folder.path, ...(timeLimitMs ? { timeLimitMs } : {}) });
  return new DoorProcess({
    command: expandDoorText(door.command, vars),
    args,
    cwd: door.cwd ?? folder.path,
    env: environment(door, vars),
    cols: t.cols,
    rows: t.rows,
    termName: t.termType || (t.colorLevel > 0 ? 'ansi' : 'dumb'),
    encoding: door.encoding,
    tty: door.tty,
    log: launch.log,
    ...(timeLimitMs ? { timeLimitMs } : {}),
  });
}

/**
 * Everything a door needs before its first byte, for a caller whose
 * terminal is already the play's: the drop files in a private folder
 * (removed when the play ends), its arguments and environment with the
 * call's variables, its process sized to that terminal, and a model of its
 * screen for a caller who comes back or a sysop who looks in.
 */
export async function startDoor(launch: DoorLaunch, play: Play, terminal: Terminal): Promise<void> {
  // A DOS door finds its drop files on D: and the caller on COM1; the files and its variables must say so.
  const dos = launch.door.kind === 'dosbox';
  const info = dropInfo(launch, terminal);
  const folder = await writeDropFolder(launch.door.dropFiles, dos ? dosDropInfo(info) : info);
  play.onEnd(() => void folder.remove());
  const vars = doorVariables(info, dos ? dosDropFolder(folder) : folder, launch.door.encoding, launch.data);
  play.start(peerFor(launch, folder, vars, terminal), new ScreenModel(terminal.cols, terminal.rows));
}

/** A line-based door for a caller whose client carries only lines: the same program, its text as screens. */
export async function startLineDoor(launch: DoorLaunch): Promise<LinePlay> {
  const { door } = launch;
  const info = dropInfo(launch, launch.terminal);
  const folder = await writeDropFolder(door.dropFiles, info);
  try {
    const vars = doorVariables(info, folder, door.encoding, launch.data);
    const lineDoor = new LineDoor({ command: expandDoorText(door.command, vars), args: door.args.map((a) => expandDoorText(a, vars)), cwd: door.cwd ?? folder.path, env: environment(door, vars), encoding: door.encoding, cols: 80, rows: 24, termName: 'dumb', log: launch.log });
    const play = new LinePlay(playFacts(launch), lineDoor);
    play.onEnd(() => void folder.remove());
    return play;
  } catch (err) {
    await folder.remove();
    throw err;
  }
}
