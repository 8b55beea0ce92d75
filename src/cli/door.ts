import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import type { DoorDefinition } from '../config/door-settings.js';
import { startDoor, type DoorLaunch } from '../doors/door-start.js';
import { Play } from '../doors/play.js';
import type { RawOutcome } from '../doors/raw-peer.js';
import { createLogger } from '../logger.js';
import type { RawListener, RawTerminal } from '../session/caller.js';
import { DEFAULT_TERMINAL, type Terminal } from '../session/events.js';

export const DOOR_HELP = `Usage: bbs door NAME [options]
       bbs door --list

Play one of the board's doors here, in this terminal, as the board would
start it for a caller: the same drop files, variables, environment, time
limit and pseudo-terminal, with a caller made up for the test (the sysop,
on node 0). For trying a door out before callers meet it; the board need
not be running.

Options:
  --config FILE  the config file [DATA/bbs.yaml]   env BBS_CONFIG
  --data DIR     the board's data folder [./data]  env BBS_DATA
  --as NAME      the name the door is told [Sysop]
  --minutes N    minutes the door is given (0: no limit) [0]
  --list         list the doors the config file defines
  --help         show this help

Exit status: 0 when the door ran and ended, 1 when it could not start or failed, 2 for a usage error.`;

/** The terminal this command runs in, as a caller's: the door's bytes to stdout, keys from stdin. */
function localTerminal(listener: RawListener, terminal: Terminal): RawTerminal {
  const stdin = process.stdin;
  if (stdin.isTTY) stdin.setRawMode(true);
  const onData = (d: Buffer): void => listener.bytes(d);
  const onResize = (): void => listener.resize(process.stdout.columns ?? 80, process.stdout.rows ?? 24);
  stdin.on('data', onData);
  process.stdout.on('resize', onResize);
  return {
    terminal,
    write: (bytes) => process.stdout.write(bytes),
    get writable() {
      return process.stdout.writableLength < 256 * 1024;
    },
    close: () => {
      stdin.off('data', onData);
      process.stdout.off('resize', onResize);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\x1b[0m\x1b[?25h\r\n');
    },
  };
}

function listDoors(doors: readonly DoorDefinition[]): number {
  if (doors.length === 0) console.log('No doors are defined.');
  for (const d of doors) console.log(`${d.name.padEnd(20)} ${d.title}${d.lineBased ? ' (line-based)' : ''}${d.kind === 'dosbox' ? ' (DOS)' : ''}`);
  return 0;
}

/** `bbs door NAME`: one door, here, for the sysop to try. */
export async function door(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { config: { type: 'string' }, data: { type: 'string' }, as: { type: 'string' }, minutes: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean' } } });
  } catch (err) {
    console.error(`bbs door: ${(err as Error).message}\n\n${DOOR_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(DOOR_HELP);
    return 0;
  }
  let config;
  try {
    config = await loadConfig({ flags: { config: values.config, data: values.data } });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`bbs door: ${err.message}`);
      return 2;
    }
    throw err;
  }
  if (values.list) return listDoors(config.doors);
  const name = positionals[0];
  const chosen = config.doors.find((d) => d.name === name);
  const minutes = Number(values.minutes ?? '0');
  if (!chosen || positionals.length !== 1 || !Number.isInteger(minutes) || minutes < 0) {
    console.error(chosen || positionals.length !== 1 ? `bbs door: --minutes must be a whole number\n\n${DOOR_HELP}` : `bbs door: no door named ${JSON.stringify(name ?? '')} (bbs door --list shows them)`);
    return 2;
  }
  return playHere(chosen, config, values.as ?? config.board.sysop ?? 'Sysop', minutes);
}

async function playHere(chosen: DoorDefinition, config: Awaited<ReturnType<typeof loadConfig>>, as: string, minutes: number): Promise<number> {
  const terminal: Terminal = { ...DEFAULT_TERMINAL, cols: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24, termType: (process.env.TERM ?? 'ansi').toLowerCase() };
  const now = Date.now();
  const launch: DoorLaunch = {
    door: chosen,
    caller: { node: 0, userId: 0, userName: as, level: 'sysop', minutes, calls: 1, firstCall: now, lastCall: now, posts: 0 },
    transport: 'local',
    terminal,
    board: { name: config.board.name, sysop: config.board.sysop ?? null },
    data: config.data,
    log: createLogger({ format: 'text', level: 'warn' }),
  };
  const play = new Play({ door: chosen.name, title: chosen.title, userId: 0, userName: as, encoding: chosen.encoding });
  const ended = new Promise<RawOutcome>((resolve) => play.onEnd(resolve));
  const seat = play.takeSeat((listener) => localTerminal(listener, terminal));
  if (!seat) return 1;
  try {
    await startDoor(launch, play, terminal);
  } catch (err) {
    play.end({ how: 'failed', note: (err as Error).message });
  }
  const outcome = await ended;
  console.error(`bbs door: ${chosen.name} ended (${outcome.how}${outcome.code != null ? `, code ${outcome.code}` : ''})${outcome.note ? `: ${outcome.note}` : ''}`);
  return outcome.how === 'failed' ? 1 : 0;
}
