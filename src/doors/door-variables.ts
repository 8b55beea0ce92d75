import { fileURLToPath } from 'node:url';
import type { DropFolder } from './drop-folder.js';
import type { DropInfo } from './drop-info.js';

/**
 * What a door's arguments and environment may name: `{node}`, `{user}` ...
 * in a config value become these values. Arguments go to the program as an
 * array, never through a shell, so a value can not split or run anything;
 * it can still carry control characters a program would print or log, so
 * those are replaced.
 */
export interface DoorVariables {
  node: number;
  user: string;
  userId: number;
  /** The drop-file folder (for a DOS door, as DOS names it: D:\). */
  dropDir: string;
  /** The path of the first drop file the door asked for; '' when it asked for none. */
  dropFile: string;
  /** Paths of DOOR32.SYS and DOOR.SYS; '' when the door did not ask for that file. */
  door32: string;
  doorSys: string;
  /** Time left for the door. */
  minutes: number;
  seconds: number;
  cols: number;
  rows: number;
  level: number;
  /** What the door writes and reads: 'cp437' or 'utf8'. */
  encoding: string;
  /** Where the board is installed (its dist/ and doors/ are under it), the board's data folder, and the Node.js running it: for doors shipped with the board. */
  app: string;
  data: string;
  nodejs: string;
}

const NAMES: ReadonlySet<string> = new Set<keyof DoorVariables>(['node', 'user', 'userId', 'dropDir', 'dropFile', 'door32', 'doorSys', 'minutes', 'seconds', 'cols', 'rows', 'level', 'encoding', 'app', 'data', 'nodejs']);

/** The board's install folder: src/doors/ and dist/doors/ are both two below it. */
export const APP_FOLDER = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

/** `{{`, or `{` with a name and `}`, or a `{` that opens neither. */
const TOKEN = /\{\{|\{([A-Za-z0-9_]*)\}|\{/g;

/** C0, DEL, C1 and the Unicode line and paragraph separators. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * A config value with its `{variables}` filled in; `{{` is a literal `{`.
 * An unknown name or an unclosed brace throws an Error naming it, so a
 * config check run with sample values refuses a typo before the board starts.
 */
export function expandDoorText(template: string, vars: DoorVariables): string {
  if (template.includes('\0')) throw new Error('a door argument or environment value can not hold a NUL character');
  return template.replace(TOKEN, (token: string, name: string | undefined) => {
    if (token === '{{') return '{';
    if (name === undefined) throw new Error(`a "{" that opens no {variable} in "${template}" (write "{{" for a brace)`);
    if (!NAMES.has(name)) throw new Error(`unknown door variable {${name}} (known: ${[...NAMES].map((n) => `{${n}}`).join(' ')})`);
    return String(vars[name as keyof DoorVariables]).replace(CONTROLS, '?');
  });
}

/** The variables for one call, from its facts and its drop folder. */
export function doorVariables(info: DropInfo, folder: Pick<DropFolder, 'path' | 'files'>, encoding: string, dataFolder: string): DoorVariables {
  const minutes = Math.max(0, Math.trunc(info.minutesLeft));
  return {
    node: info.node,
    user: info.userName,
    userId: info.userId,
    dropDir: folder.path,
    dropFile: Object.values(folder.files)[0] ?? '',
    door32: folder.files['door32.sys'] ?? '',
    doorSys: folder.files['door.sys'] ?? '',
    minutes,
    seconds: minutes * 60,
    cols: info.cols,
    rows: info.rows,
    level: info.securityLevel,
    encoding,
    app: APP_FOLDER,
    data: dataFolder,
    nodejs: process.execPath,
  };
}
