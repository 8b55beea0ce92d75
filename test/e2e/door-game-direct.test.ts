import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { judge, START, step, type Lander } from '../../doors/lander/physics.js';
import { decodeCp437Input } from '../../src/screens/cp437.js';
import { ROOT } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';
import { autopilot } from '../helpers/lander-autopilot.js';

/**
 * The lander door on its own, as the board will run it: a real
 * pseudo-terminal, a DOOR32.SYS on disk, keys typed one by one.
 */

/** The compiled game when the run asks for the build (`npm test`), else its sources through tsx. */
const GAME = process.env.BBS_TEST_BUILD === 'dist' ? [join(ROOT, 'dist/doors/lander/main.js')] : ['--import', 'tsx', join(ROOT, 'doors/lander/main.ts')];

function door32(alias: string, opts: { minutes?: number; emulation?: number } = {}): string {
  return ['0', '0', '38400', 'Mongrel BBS', '3', 'Neil Armstrong', alias, '50', String(opts.minutes ?? 30), String(opts.emulation ?? 1), '1'].join('\r\n') + '\r\n';
}

interface Played {
  /** Every byte the game wrote. */
  bytes(): Buffer;
  /** The screen as a terminal of that size shows it now, row by row. */
  screen(): Promise<string[]>;
  waitFor(what: string, found: (screen: string[]) => boolean, ms?: number): Promise<string[]>;
  send(keys: string): void;
  resize(cols: number, rows: number): void;
  hangUp(): void;
  exited: Promise<number>;
  /** The signal that ended the game (0: it exited by itself). */
  signal: Promise<number | undefined>;
  dataDir: string;
}

async function play(t: TestContext, drop: string, opts: { locale?: string; cols?: number; rows?: number; thenRun?: string } = {}): Promise<Played> {
  const dir = await mkdtemp(join(tmpdir(), 'lander-door-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'DOOR32.SYS'), drop);
  const dataDir = join(dir, 'data');
  const locale = opts.locale ?? 'C.UTF-8';
  const argv = [...GAME, join(dir, 'DOOR32.SYS')];
  // thenRun: a shell runs the game and then a command of its own in the same terminal.
  const [file, args] = opts.thenRun
    ? ['/bin/sh', ['-c', `"${process.execPath}" ${argv.map((a) => `'${a}'`).join(' ')}; echo "status $?"; ${opts.thenRun}`]]
    : [process.execPath, argv];
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  const child = pty.spawn(file, args, {
    cols,
    rows,
    cwd: ROOT,
    encoding: null,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TERM: 'xterm-256color', LANG: locale, LC_ALL: locale, DOOR_DATA: dataDir },
  });
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const chunks: Buffer[] = [];
  child.onData((data) => {
    const bytes = Buffer.from(data as unknown as Uint8Array);
    chunks.push(bytes);
    term.write(locale.includes('UTF-8') ? bytes.toString('utf8') : decodeCp437Input(bytes));
  });
  const ended = new Promise<{ exitCode: number; signal?: number }>((resolve) => child.onExit(resolve));
  const exited = ended.then(({ exitCode }) => exitCode);
  let gone = false;
  void exited.then(() => (gone = true));
  t.after(() => {
    if (!gone) child.kill('SIGKILL');
    term.dispose();
  });
  const screen = (): Promise<string[]> =>
    new Promise((resolve) =>
      term.write('', () => resolve(Array.from({ length: term.rows }, (_, i) => term.buffer.active.getLine(i)?.translateToString(true) ?? ''))),
    );
  let last: string[] = [];
  return {
    bytes: () => Buffer.concat(chunks),
    screen,
    waitFor: (what, found, ms = 10_000) =>
      until(
        () => `${what}; the screen:\n${last.join('\n')}`,
        async () => {
          last = await screen();
          return found(last) ? last : null;
        },
        ms,
        20,
      ),
    send: (keys) => child.write(keys),
    resize: (c, r) => {
      child.resize(c, r);
      term.resize(c, r);
    },
    hangUp: () => child.kill('SIGHUP'),
    exited,
    signal: ended.then(({ signal }) => signal),
    dataDir,
  };
}

const shows = (text: string) => (screen: string[]) => screen.some((row) => row.includes(text));


test('a game from greeting to touchdown: the name on screen, echoed keys, the score kept in DOOR_DATA', async (t) => {
  const game = await play(t, door32('Neil'));
  await game.waitFor('the greeting by name', shows('Welcome, Neil, to LUNAR LANDER on Mongrel BBS!'));
  game.send(' ');
  await game.waitFor('the first burn prompt', shows('Burn 0-9 (Enter: 0 again, Q: leave):'));

  // A typed key is echoed at the prompt, and Backspace takes it back.
  game.send('7');
  await game.waitFor('the 7 echoed', shows('Q: leave): 7'));
  game.send('\x7f');
  await game.waitFor('the 7 erased', (s) => s.some((row) => /Q: leave\):\s*$/.test(row)));

  const { burns, landed } = autopilot();
  let lander: Lander = { ...START };
  for (const [turn, burn] of burns.entries()) {
    game.send(`${burn}\r`);
    lander = step(lander, burn);
    if (lander.landed) break;
    const altitude = `Altitude   ${lander.altitude.toFixed(1)} m`;
    await game.waitFor(`turn ${turn + 1}: ${altitude}`, shows(altitude));
  }
  const { landing, score } = judge(landed);
  assert.notEqual(landing, 'crash', 'the autopilot lands');
  assert.ok(score > 0);
  const result = await game.waitFor('the score', shows(`Score: ${score}`));
  assert.ok(result.some((row) => row.includes('That is number 1 on the high-score table!')), result.join('\n'));
  assert.ok(result.some((row) => new RegExp(`^\\s*1\\s+Neil\\s+${score}\\s+\\d{4}-\\d\\d-\\d\\d`).test(row)), result.join('\n'));

  game.send('x');
  assert.equal(await game.exited, 0);
  const saved = JSON.parse(await readFile(join(game.dataDir, 'scores.json'), 'utf8')) as { name: string; score: number; date: string }[];
  assert.deepEqual(saved.map(({ name, score: s }) => ({ name, score: s })), [{ name: 'Neil', score }]);
  const tail = game.bytes().toString('utf8');
  assert.match(tail, /Thanks for flying, Neil!/);
  assert.ok(tail.endsWith('\x1b[0m\x1b[?25h'), JSON.stringify(tail.slice(-40)));
});

test('Esc leaves at once, the terminal back in cooked mode with echo; a resize redraws the screen to its new size', async (t) => {
  const game = await play(t, door32('Buzz'), { thenRun: 'stty -a' });
  await game.waitFor('the greeting', shows('Welcome, Buzz'));
  game.send(' ');
  await game.waitFor('the panel at 80 columns', (s) => s.some((row) => row.indexOf('Pilot') === 54));
  game.resize(100, 30);
  const wide = await game.waitFor('the panel moved for 100 columns', (s) => s.some((row) => row.indexOf('Pilot') === 74));
  assert.ok(wide[28]!.includes('Burn 0-9'), `the prompt moved to the new second-last row:\n${wide.join('\n')}`);
  game.send('\x1b');
  await game.waitFor('stty after the game', shows('status 0'));
  await game.exited;
  const stty = (await game.screen()).join(' ');
  assert.match(stty, /(^|\s)icanon(\s|$)/);
  assert.match(stty, /(^|\s)echo(\s|$)/);
  assert.match(game.bytes().toString('utf8'), /So long, Buzz\. The Moon will wait for you\./);
});

test('emulation 0: plain ASCII, not one escape sequence; Q quits', async (t) => {
  const game = await play(t, door32('Yuri', { emulation: 0 }));
  await game.waitFor('the greeting', shows('Welcome, Yuri'));
  game.send(' ');
  await game.waitFor('the plain burn prompt', shows('Burn 0-9'));
  game.send('5\r');
  await game.waitFor('the next turn', shows(`Altitude ${step(START, 5).altitude.toFixed(1)} m`));
  game.send('q');
  assert.equal(await game.exited, 0);
  const bytes = game.bytes();
  assert.ok(!bytes.includes(0x1b), 'no ESC byte');
  assert.ok(bytes.every((b) => b < 0x80), 'nothing past ASCII');
  assert.match(bytes.toString('latin1'), /So long, Yuri/);
});

test('a terminal that is not UTF-8 gets CP437 bytes, never UTF-8', async (t) => {
  const game = await play(t, door32('Valentina'), { locale: 'C' });
  await game.waitFor('the greeting', shows('Welcome, Valentina'));
  game.send(' ');
  await game.waitFor('the fuel gauge', shows('████████████████████'));
  game.send('\x03');
  assert.equal(await game.exited, 0);
  const bytes = game.bytes();
  assert.ok(bytes.includes(0xdb) && bytes.includes(0xb2), 'CP437 blocks');
  assert.ok(!bytes.includes(Buffer.from('█', 'utf8')), 'no UTF-8 glyphs');
});

test('a hang-up ends the game at once and by its own hand, not killed by the signal', async (t) => {
  const game = await play(t, door32('Michael'));
  await game.waitFor('the greeting', shows('Welcome, Michael'));
  game.send(' ');
  await game.waitFor('the burn prompt', shows('Burn 0-9'));
  game.hangUp();
  assert.equal(await game.exited, 0);
  assert.equal(await game.signal, 0);
  assert.doesNotMatch(game.bytes().toString('utf8'), /So long|Thanks for flying/, 'no goodbye to a line that is gone');
});

test('no time left: a polite goodbye after the greeting', async (t) => {
  const game = await play(t, door32('Sally', { minutes: 0 }));
  assert.equal(await game.exited, 0);
  const text = game.bytes().toString('utf8');
  assert.match(text, /Welcome, Sally/);
  assert.match(text, /Sally, your time is up: the lander flies home on autopilot\./);
  assert.ok(text.endsWith('\x1b[0m\x1b[?25h'));
});

test('a missing or malformed DOOR32.SYS is refused with status 2 and a reason on stderr', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lander-door-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => spawnSync(process.execPath, [...GAME, ...args], { cwd: ROOT, encoding: 'utf8', input: '' });

  const missing = run(join(dir, 'DOOR32.SYS'));
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, `lander: ${join(dir, 'DOOR32.SYS')} does not exist\n`);
  assert.equal(missing.stdout, '');

  await writeFile(join(dir, 'short.sys'), '2\r\n7\r\n115200\r\n');
  const short = run(join(dir, 'short.sys'));
  assert.equal(short.status, 2);
  assert.equal(short.stderr, `lander: ${join(dir, 'short.sys')}: a DOOR32.SYS has 11 lines, this one 3\n`);

  const none = run();
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^usage: lander \/path\/to\/DOOR32\.SYS/);
});
