import type { SecurityLevel } from '../store/types.js';

/** Drop files a door can ask for, by their classic file names. */
export type DropFileKind = 'door.sys' | 'door32.sys' | 'dorinfo1.def' | 'chain.txt';
export const DROP_FILE_KINDS: readonly DropFileKind[] = ['door.sys', 'door32.sys', 'dorinfo1.def', 'chain.txt'];

/** How a door's program runs. */
type DoorKind = 'program' | 'dosbox';

/** One entry of the config file's `doors:` list, checked and filled with defaults. */
export interface DoorDefinition {
  /** Key: lower-case letters, digits, - and _. */
  name: string;
  title: string;
  description: string;
  kind: DoorKind;
  /** The program (for `dosbox`: the DOS program inside `cwd`, e.g. `GAME.COM`). */
  command: string;
  /** Arguments, each may hold `{variables}` (see door-variables). */
  args: string[];
  /** Working folder; absent: the drop-file folder. */
  cwd?: string;
  /** Added to the door's clean environment; values may hold `{variables}`. */
  env: Record<string, string>;
  dropFiles: DropFileKind[];
  /** What the door writes and reads: callers of the other profile get it translated. */
  encoding: 'cp437' | 'utf8';
  /** The lowest security level that may play. */
  level: SecurityLevel;
  /** How many may play at once; 0: no limit. */
  maxPlayers: number;
  /** Minutes per call and per day; 0: no limit. */
  minutesPerCall: number;
  minutesPerDay: number;
  /**
   * The pseudo-terminal as the program finds it: `program` leaves it to the
   * program (curses sets its own modes), `raw` sets it raw first, for doors
   * that read bytes and expect them untouched.
   */
  tty: 'program' | 'raw';
  /** Reads lines and writes text: playable from the line-only JSON socket too. */
  lineBased: boolean;
  /** Minutes the door keeps running after the caller's line drops, for them to resume; 0: ended at once. */
  detachMinutes: number;
}

/** A remote board the gateway may connect callers to (`gateways:` in the config). */
export interface GatewayDefinition {
  name: string;
  title: string;
  description: string;
  host: string;
  port: number;
  /** `telnet`: answer the far end's negotiation; `raw`: bytes only. */
  protocol: 'telnet' | 'raw';
  level: SecurityLevel;
}

/**
 * The board's own door, open on every board that does not list doors of
 * its own, written as the config file would list it: Lunar Lander, built
 * with the board into dist/doors/lander/, its score table in the data
 * folder. A caller whose line drops has ten minutes to call back and land.
 */
export const DEFAULT_DOORS: ReadonlyArray<Readonly<Record<string, unknown>>> = [
  {
    name: 'lander',
    title: 'Lunar Lander',
    description: 'Bring the module down gently, one burn at a time. Top ten kept.',
    command: '{nodejs}',
    args: ['{app}/dist/doors/lander/main.js', '{door32}'],
    env: { DOOR_DATA: '{data}/doors/lander', LANG: 'C.UTF-8' },
    drop_files: ['door32.sys'],
    encoding: 'utf8',
    detach_minutes: 10,
  },
];
