import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * How a door's program is started inside its pseudo-terminal: through a
 * small /bin/sh wrapper, and with an environment of its own.
 */

/** The PATH every door gets: system programs and games, nothing of the board's own PATH. */
const DOOR_PATH = '/usr/local/bin:/usr/bin:/bin:/usr/games';

/** How the wrapper sets the terminal before the program starts. */
export type TtyMode = 'program' | 'raw' | 'no-echo';

/**
 * The wrapper, run as `sh -c WRAPPER door FOLDER TTY END PROGRAM ARGS...`:
 * - It sends the program's standard error to a file in the door's private
 *   folder: a terminal merges fd 2 into the caller's screen, and error text
 *   belongs in the sysop's log. The folder is an argument of the wrapper,
 *   never a variable of the program's environment.
 * - `raw` sets the line discipline raw before the program runs, for doors
 *   that read bytes and expect them untouched (no ^C as a signal, no ^S/^Q
 *   flow control, no line editing, no CR to LF, no LF to CR LF);
 *   `no-echo` turns only echo off (line doors played from a line client,
 *   whose caller sees what they typed already). Curses programs set their
 *   own modes, so by default the terminal is left as the program finds it.
 * - It catches INT and QUIT (a caught signal is reset to its default in the
 *   program, an ignored one would be inherited) so a ^C meant for the
 *   program does not end the wrapper.
 * - When the program ends, the wrapper writes its status to the folder,
 *   then the end marker to the terminal (end-marker.ts), with output
 *   processing and ^S/^Q flow control off so the marker goes out as it is
 *   and is not held by a stray ^S. Then it waits, holding the terminal,
 *   to be hung up: the board hangs up once it has read the marker, that
 *   is, once every byte the program wrote has reached the caller. Were the
 *   terminal closed first, its buffer would go with it; and the terminal
 *   library stops reading 200 ms after its first process exits.
 */
const WRAPPER = [
  'd=$1; tty=$2; end=$3; shift 3',
  'case $tty in raw) stty raw -echo ;; no-echo) stty -echo ;; esac',
  'trap : INT QUIT',
  '"$@" 2>>"$d/stderr"',
  'echo "$?" >"$d/status"',
  "trap '' INT QUIT",
  'stty -opost -ixon 2>/dev/null',
  'printf %s "$end"',
  'exec sleep 2147483647',
].join('\n');

/** The file and arguments that start `command` through the wrapper; `endMarker` is written when the program ends. */
export function wrapperArgv(folder: string, tty: TtyMode, endMarker: string, command: string, args: readonly string[]): { file: string; args: string[] } {
  return { file: '/bin/sh', args: ['-c', WRAPPER, 'door', folder, tty, endMarker, command, ...args] };
}

interface DoorEnvironmentOptions {
  cwd: string;
  termName: string;
  encoding: 'utf8' | 'cp437';
  cols: number;
  rows: number;
  env: Readonly<Record<string, string>>;
}

/**
 * A clean environment: never the board's own, which may hold secrets (a
 * database password, an API token). The door's own variables come last, so
 * a sysop may set PATH or LANG for one door.
 */
export function doorEnvironment(o: DoorEnvironmentOptions): Record<string, string> {
  const locale = o.encoding === 'utf8' ? 'C.UTF-8' : 'C';
  return {
    PATH: DOOR_PATH,
    HOME: o.cwd,
    TERM: o.termName,
    LANG: locale,
    LC_ALL: locale,
    COLUMNS: String(o.cols),
    LINES: String(o.rows),
    ...o.env,
  };
}

/**
 * Why the door cannot start, or null when it can: its folder is missing or
 * its program is not an executable file. Checked before the spawn so the
 * caller reads "not found" rather than a shell's error.
 */
export function launchProblem(command: string, cwd: string, env: Readonly<Record<string, string>>): string | null {
  if (!isDirectory(cwd)) return `its folder ${cwd} is missing`;
  if (command === '') return 'no program is set';
  const candidates = command.includes('/')
    ? [path.resolve(cwd, command)]
    : (env.PATH ?? DOOR_PATH).split(':').filter((dir) => dir !== '').map((dir) => path.join(dir, command));
  const found = candidates.find(isFile);
  if (!found) return `${command} is not found`;
  try {
    accessSync(found, constants.X_OK);
    return null;
  } catch {
    return `${command} is not executable`;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
