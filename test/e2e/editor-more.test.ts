import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { TelnetClient } from '../callers/telnet.js';
import { emulate } from '../helpers/emulated-screen.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { logIn, signUp, type Typist } from '../helpers/terminal-login.js';
import { until } from '../helpers/until.js';

/** The full-screen editor on an ANSI-BBS terminal, and a message that outlives a dropped line. */

function typist(c: TelnetClient): Typist {
  return { expect: (p) => c.waitFor(p, { timeoutMs: 20_000 }), send: (k) => c.type(k), line: (l) => c.send(l) };
}

function lastBody(board: BoardProcess): string | null {
  const db = new BetterSqlite3(join(board.data, 'bbs.db'), { readonly: true });
  try {
    return (db.prepare('SELECT body FROM public_messages ORDER BY id DESC LIMIT 1').get() as { body: string } | undefined)?.body ?? null;
  } finally {
    db.close();
  }
}

function keptDrafts(board: BoardProcess): number {
  const db = new BetterSqlite3(join(board.data, 'bbs.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM drafts').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** From the main menu: leave a message with this subject, and wait for the editor's status row. */
async function openEditor(c: TelnetClient, subject: string): Promise<number> {
  c.type('1');
  await c.waitFor('Subject');
  await new Promise((r) => setTimeout(r, 600));
  const from = c.mark();
  c.send(subject);
  await c.waitFor('Ln 1/', { from, timeoutMs: 20_000 });
  return from;
}

/** A CP437 terminal's waits: its bytes read one character a byte, each wait after the last. */
function cp437Typist(c: TelnetClient): Typist & { mark(): number } {
  let from = 0;
  return {
    expect: async (p) => {
      const text = (): string => c.data.subarray(from).toString('latin1');
      await until(() => `${String(p)} in ${JSON.stringify(text().slice(-300))}`, () => (typeof p === 'string' ? text().includes(p) : p.test(text())), 20_000, 10);
      from = c.data.length;
    },
    send: (k) => c.type(k),
    line: (l) => c.send(l),
    mark: () => (from = c.data.length),
  };
}

test('ANSI-BBS (CP437, 80x25): the editor arrives as CP437 bytes an 80x25 terminal draws as intended, and saves', { timeout: 60_000 }, async (t) => {
  const board = await startBoardProcess({ t });
  const c = await TelnetClient.connect(board.ports.telnet!, { termType: 'ANSI', cols: 80, rows: 25 });
  t.after(() => c.close());
  const ty = cp437Typist(c);
  await signUp(ty, 'syncterm', 'password1', { key: 'y' });
  c.type('1');
  await ty.expect('Subject');
  await new Promise((r) => setTimeout(r, 600));
  const from = ty.mark();
  c.send('Box art');
  await ty.expect('Ln 1/');
  await new Promise((r) => setTimeout(r, 200));
  const bytes = c.data.subarray(from);
  assert.ok(!bytes.includes(Buffer.from('─', 'utf8')), 'no UTF-8 box drawing: CP437 bytes');
  assert.ok(bytes.includes(0xc4), 'the rule drawn with CP437 0xC4');
  assert.ok(!/\x1b\[9[0-7]m/.test(bytes.toString('latin1')), 'bright as bold, no SGR 90-97');
  const screen = await emulate(bytes, 80, 25, { cp437: true });
  assert.match(screen.rows[0]!, /New message/);
  assert.match(screen.rows.join('\n'), /Subject: Box art/);
  const rule = screen.rows.findIndex((r) => /^─{40,}/.test(r));
  assert.ok(rule > 0, screen.rows.join('\n'));
  assert.match(screen.rows[24]!, /^Ln 1\/50 {2}Col 1\/200 {2}INS/);
  assert.ok(screen.rows[24]!.length <= 79, 'the bottom-right cell is never written');
  assert.deepEqual(screen.cursor, { row: rule + 1, col: 0, visible: true });
  c.type('Hello from SyncTERM');
  await ty.expect('Col 20/200');
  c.type('\x1a');
  await ty.expect(/posted/i);
  assert.equal(await until('the message stored', () => lastBody(board), 5000, 50), 'Hello from SyncTERM');
});

test('a line dropped in the full-screen editor: at the next call the message is offered back in the editor, as far as it got', { timeout: 60_000 }, async (t) => {
  const board = await startBoardProcess({ t });
  const first = await TelnetClient.connect(board.ports.telnet!);
  await signUp(typist(first), 'wanderer', 'password1', { key: 'y' });
  await openEditor(first, 'Interrupted');
  first.type('An unfinished thought');
  await first.waitFor('Col 22/200', { timeoutMs: 10_000 });
  // At once, before the editor's pause would send a draft: the line's drop hands over the text.
  first.socket.destroy();

  const again = await TelnetClient.connect(board.ports.telnet!);
  t.after(() => again.close());
  await until('the unfinished message kept for the next call', () => keptDrafts(board) === 1, 10_000, 50);
  await logIn({ ...typist(again), expect: async (p) => (p === 'MAIN MENU' ? undefined : again.waitFor(p, { timeoutMs: 20_000 })) }, 'wanderer', 'password1', { key: 'y' });
  await again.waitFor('When your line dropped you were writing a message (1 line)', { timeoutMs: 20_000 });
  const from = again.mark();
  again.type('y');
  await again.waitFor('Ln 1/', { from, timeoutMs: 20_000 });
  await new Promise((r) => setTimeout(r, 200));
  const screen = await emulate(again.data.subarray(from), 80, 24);
  assert.ok(screen.rows.some((r) => r.startsWith('An unfinished thought')), screen.rows.join('\n'));
  again.type(', finished.');
  again.type('\x13');
  await again.waitFor(/posted/i, { timeoutMs: 10_000 });
  assert.equal(await until('the message stored', () => lastBody(board), 5000, 50), 'An unfinished thought, finished.');
});
