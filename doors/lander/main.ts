import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnsiScreen } from './ansi-screen.js';
import { glyphsFor, pickCharset } from './charset.js';
import { readDoor32 } from './door32.js';
import { LanderGame } from './game.js';
import { PlainScreen } from './plain-screen.js';
import { ScoreFile, scoreDir } from './score-file.js';
import { DoorTerminal } from './terminal.js';

/**
 * Lunar Lander, a door for Mongrel BBS: `node main.js /path/to/DOOR32.SYS`.
 * Exit status 0 after a game (however it ended), 2 when the drop file is
 * missing or wrong, 1 on a fault of the game's own.
 */
async function main(args: string[]): Promise<number> {
  if (args.length !== 1) {
    process.stderr.write('usage: lander /path/to/DOOR32.SYS\n');
    return 2;
  }
  const read = await readDoor32(args[0]!);
  if (!read.ok) {
    process.stderr.write(`lander: ${read.error}\n`);
    return 2;
  }
  const charset = pickCharset(read.door.emulation, process.env);
  const terminal = new DoorTerminal(process.stdin, process.stdout, charset);
  const write = (text: string): void => terminal.write(text);
  const size = (): { cols: number; rows: number } => terminal.size();
  const screen = charset === 'ascii' ? new PlainScreen(write, size) : new AnsiScreen(write, size, glyphsFor(charset));
  const scores = new ScoreFile(scoreDir(process.env, dirname(fileURLToPath(import.meta.url))));
  const game = new LanderGame({ terminal, screen, door: read.door, scores });
  process.once('SIGINT', () => game.stop('quit'));
  process.once('SIGTERM', () => game.stop('hangup'));
  process.once('SIGHUP', () => game.stop('hangup'));
  await game.run();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`lander: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
