import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { emulate } from '../helpers/emulated-screen.js';
import { identity, sshOptions } from '../helpers/ssh-client.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { signUpInTmux, TmuxTerminal } from '../helpers/tmux-terminal.js';
import { findTool, requireTool } from '../helpers/tools.js';
import { until } from '../helpers/until.js';

/**
 * The full-screen editor as callers use it: Debian's telnet and OpenSSH in
 * a tmux window of 80x24, 132x50 and 40x20, keys sent as the terminal sends
 * them. A reply is written with cursor moves and corrections, two lines of
 * the original quoted from the quote window, and saved; what is stored is
 * exactly what was on the screen, and the screen (drawn again by pyte from
 * the bytes the client printed) has the cursor where the text says.
 */

const ORIGINAL = ['Modems sang at 2400 baud.', 'Then came 14.4 and the BBS boom.', 'Now the sockets never sleep.'];
/** The reply as written: two lines of its own, then the original's first two lines quoted with its author's initial (FidoNet style). */
const EXPECTED = ['I remember the sounds.', 'Good old times.', ' O> Modems sang at 2400 baud.', ' O> Then came 14.4 and the BBS boom.'];

/** A message to answer, posted over the JSON socket by another caller. */
async function postOriginal(board: BoardProcess): Promise<void> {
  const c = await JsonClient.dial(board.ports.tcpjson!);
  try {
    await registerAndEnter(c, 'oldtimer', 'password1');
    c.send('1');
    await c.answer('Subject', 'Baud rates');
    for (const [i, line] of ORIGINAL.entries()) {
      await c.linePrompt(i + 1);
      c.send(line);
    }
    await c.linePrompt(ORIGINAL.length + 1);
    c.send('.');
    await c.expect(/posted/i);
  } finally {
    c.close();
  }
}

function storedReply(board: BoardProcess): string | null {
  const db = new BetterSqlite3(join(board.data, 'bbs.db'), { readonly: true });
  try {
    const row = db.prepare('SELECT body FROM public_messages WHERE parent_id IS NOT NULL ORDER BY id DESC LIMIT 1').get() as { body: string } | undefined;
    return row?.body ?? null;
  } finally {
    db.close();
  }
}

/** The text area's rows as the emulator shows them: below the title, the three fields and their rule, above the status row. */
function textArea(rows: string[]): string[] {
  const area = rows.slice(5, rows.length - 1).map((r) => r.trimEnd());
  while (area.length && area[area.length - 1] === '') area.pop();
  return area;
}

async function signUpAndReply(c: TmuxTerminal, name: string): Promise<void> {
  await signUpInTmux(c, name);
  c.keys('a');
  await c.waitFor('Area number to enter');
  c.line('1');
  await c.waitFor('Read new');
  c.keys('n');
  await c.waitFor('Modems sang at 2400 baud.');
  c.keys('r');
  await c.waitFor('Subject');
  // A person reads the prompt before pressing Enter: an Enter within half a second of a hot key is taken for the key's own.
  await new Promise((r) => setTimeout(r, 700));
  c.line('');
}

async function writeReply(t: TestContext, c: TmuxTerminal, log: string, cols: number, rows: number): Promise<void> {
  await c.waitFor(/\^G help|Ln 1\//);
  // Typed, then corrected: a word fixed with Backspace, a missing word put in with the arrows.
  c.keys('I remember the snd');
  c.keys('BSpace', false);
  c.keys('BSpace', false);
  c.keys('ounds.');
  c.keys('Enter', false);
  c.keys('Good times.');
  c.keys('Home', false);
  c.keys('Right', false);
  c.keys('Right', false);
  c.keys('Right', false);
  c.keys('Right', false);
  c.keys('Right', false);
  c.keys('old ');
  c.keys('End', false);
  c.keys('Enter', false);
  // The quote window: two lines marked, inserted with the author's initials.
  c.keys('C-q', false);
  await c.waitFor('Quote oldtimer');
  c.keys(' ');
  c.keys(' ');
  c.keys('Enter', false);
  await c.waitFor(' O> Then came 14.4');
  await new Promise((r) => setTimeout(r, 300));
  const bytes = await readFile(log);
  const screen = await emulate(bytes, cols, rows);
  const shown = textArea(screen.rows);
  assert.deepEqual(shown.join(' ').replace(/\s+/g, ' '), EXPECTED.join(' ').replace(/\s+/g, ' '), screen.rows.join('\n'));
  // The cursor waits at the start of the line under the quote.
  assert.deepEqual(screen.cursor, { row: 5 + shown.length, col: 0, visible: true }, screen.rows.join('\n'));
  const tmuxRows = c.screen().replace(/\n$/, '').split('\n');
  assert.deepEqual(textArea(tmuxRows), shown, 'tmux and pyte draw the same text');
  c.keys('C-z', false);
  await c.waitFor(/posted/i);
  t.diagnostic(`${cols}x${rows}: ${shown.length} lines on screen and stored`);
}

for (const client of ['telnet', 'ssh'] as const) {
  for (const [cols, rows] of [
    [80, 24],
    [132, 50],
    [40, 20],
  ] as const) {
    test(`${client} at ${cols}x${rows}: a reply written in the full-screen editor, corrected, two lines quoted, saved exactly as shown`, { timeout: 120_000 }, async (t) => {
      const tool = client === 'telnet' ? findTool('telnet') : findTool('ssh');
      if (!requireTool(t, tool, `the ${client} client`, client === 'telnet' ? 'apt-get install inetutils-telnet' : 'apt-get install openssh-client')) return;
      const board = await startBoardProcess({ t });
      await postOriginal(board);
      const argv = client === 'telnet' ? ['telnet', '127.0.0.1', String(board.ports.telnet)] : ['ssh', '-tt', ...sshOptions(board.ports.ssh!, identity(null)), 'bbs@127.0.0.1'];
      const c = TmuxTerminal.open(t, argv, { cols, rows });
      if (!c) return;
      const log = join(board.data, `pane-${client}-${cols}.log`);
      c.tmux('pipe-pane', '-t', 'call', '-o', `cat >> '${log}'`);
      await signUpAndReply(c, `writer${cols}`);
      await writeReply(t, c, log, cols, rows);
      const stored = await until('the reply stored', () => storedReply(board), 10_000, 50);
      // What the screen showed, line for line (a narrow screen wraps the long quote, and so does the stored text).
      if (cols >= 80) assert.equal(stored, EXPECTED.join('\n'));
      else assert.equal(stored.replace(/\s+/g, ' '), EXPECTED.join(' ').replace(/\s+/g, ' '));
    });
  }
}
