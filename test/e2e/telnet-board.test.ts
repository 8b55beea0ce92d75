import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { PtyProcess } from '../helpers/pty.js';
import { RawTelnet } from '../callers/telnet-raw.js';
import { signUp } from '../helpers/terminal-login.js';
import { findTool, requireTool } from '../helpers/tools.js';

let board: BoardProcess;
/**
 * A sysop's CP437 banner holding 0xFF (a non-breaking space in CP437, which
 * telnet must double), and a line that shows the size the board believes.
 */
const BANNER_ANS = Buffer.concat([
  Buffer.from([0xc9, 0xcd, 0xbb, 0xff, 0xdb, 0x0d, 0x0a, 0xb0, 0xb1, 0xb2, 0x0d, 0x0a]),
  Buffer.from('your terminal {{cols}}x{{rows}} {{charset}}', 'latin1'),
  Buffer.from([0x1a]),
]);

before(async () => {
  const data = await mkdtemp(join(tmpdir(), 'bbs-telnet-'));
  await mkdir(join(data, 'art'), { recursive: true });
  await writeFile(join(data, 'art', 'banner.ans'), BANNER_ANS);
  board = await startBoardProcess({ data, env: { BBS_EDITOR: 'line' } });
});
after(async () => {
  await board.stop();
});

test("Debian's telnet: masked password, the window size reaches the board, post and read, hot keys, quit", { timeout: 60_000 }, async (t) => {
  const telnet = findTool('telnet');
  if (!requireTool(t, telnet, "Debian's telnet client", 'apt-get install inetutils-telnet')) return;
  const c = PtyProcess.spawn([telnet, '127.0.0.1', String(board.ports.telnet)], { cols: 100, rows: 30 });
  await c.expect('your terminal 100x30 UTF-8');
  await signUp(c, 'Telly', 'not-on-screen', { key: 'y' });
  assert.ok(!c.text().includes('not-on-screen'), 'the password never shows');
  assert.match(c.text(), /> \*{13}/, 'it is masked with stars');
  c.send('1'); // one key, no Enter
  await c.expect('Subject:');
  c.line('Over telnet');
  await c.expect('Type your message');
  c.line('Typed over real telnet.');
  c.line('.');
  await c.expect(/Message #\d+ posted/);
  await c.expect('MAIN MENU');
  c.send('2');
  await c.expect('Telly');
  await c.expect('Typed over real telnet.');
  await c.expect('MAIN MENU');
  c.send('q');
  await c.expect('Log off? (Y/n)');
  c.send('y');
  await c.expect('So long, Telly');
  await c.expect('Connection closed');
  await c.exited;
});

test('a raw socket that never negotiates reaches the name prompt within a second', async () => {
  const raw = await RawTelnet.open(board.ports.telnet!);
  const ms = await raw.waitFor("Who's calling?", 1000);
  assert.ok(ms < 1000);
  raw.close();
});

test('a syncterm caller gets the CP437 art bytes (0xFF doubled); a UTF-8 caller the same picture in UTF-8', async () => {
  const sync = await RawTelnet.open(board.ports.telnet!, { termType: 'syncterm', size: [80, 25] });
  await sync.waitFor("Who's calling?");
  await sync.waitFor(Buffer.from([0xc9, 0xcd, 0xbb, 0xff, 0xff, 0xdb, 0x0d, 0x0a, 0xb0, 0xb1, 0xb2]));
  await sync.waitFor('80x25 CP437');
  sync.close();

  const modern = await RawTelnet.open(board.ports.telnet!, { termType: 'xterm-256color', size: [120, 40] });
  await modern.waitFor("Who's calling?");
  await modern.waitFor(Buffer.from('╔═╗\u00a0█\r\n░▒▓', 'utf8'));
  await modern.waitFor('120x40 UTF-8');
  modern.close();
});
