import { closeSync, openSync, readSync } from 'node:fs';
import { constants } from 'node:os';
import { neutralizeLine } from '../screens/neutralize.js';

/** What a door's error output and exit status tell the caller and the sysop. */

/** Only the start of a door's error output is read: a door that loops on an error may write gigabytes. */
const STDERR_READ_BYTES = 4096;
/** Lines of it that go into the sysop's log line. */
const DETAIL_LINES = 5;
const NOTE_CHARS = 160;

/** The first lines of the error output file, as plain text; [] when there is none. */
export function readStderrLines(file: string): string[] {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(STDERR_READ_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const lines = buf.subarray(0, n).toString('utf8').split(/\r?\n|\r/);
    // Neutralised: the text reaches a caller's screen and a log line, and a door may write escapes to stderr.
    return lines.map((l) => neutralizeLine(l).trim()).filter((l) => l !== '');
  } catch {
    return [];
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** One line for the caller: `prefix` and the first line of error output, cut to fit a screen line. */
export function noteLine(prefix: string, text: string): string {
  const line = `${prefix}${text}`;
  return line.length > NOTE_CHARS ? `${line.slice(0, NOTE_CHARS - 3)}...` : line;
}

/** The sysop's detail: the first few lines, joined on one log line. */
export function detailLine(lines: readonly string[]): string {
  return lines.slice(0, DETAIL_LINES).join(' | ');
}

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/**
 * The program's status as the wrapper shell reports it: a shell says a
 * program killed by signal N ended with 128+N, so codes past 128 that name
 * a signal are read as that signal (a program that exits 130 by itself is
 * reported as SIGINT: the shell cannot tell the two apart).
 */
export function shellStatus(status: number): { code: number | null; signal: string | null } {
  const signal = status > 128 ? SIGNAL_NAMES.get(status - 128) : undefined;
  return signal ? { code: null, signal } : { code: status, signal: null };
}
