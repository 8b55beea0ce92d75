import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { telnetRegister, TelnetClient } from '../callers/telnet.js';

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess({ env: { BBS_EDITOR: 'line' } });
});
after(async () => {
  await board?.stop();
});

/**
 * A SyncTERM-like caller: its terminal type gets the ANSI-BBS profile, CP437
 * bytes. Each wait starts at a byte mark taken before the keys that cause it,
 * since CP437 bytes are not UTF-8 and text offsets would not map back to them.
 */
async function syncTermRegister(name: string): Promise<TelnetClient> {
  const c = await TelnetClient.connect(board.ports.telnet!, { termType: 'syncterm' });
  await c.waitFor("Who's calling?", { from: 0 });
  for (const [typed, next] of [[name, 'Password:'], ['password1', 'once more'], ['password1', 'go on?']] as const) {
    const m = c.mark();
    c.line(typed);
    await c.waitFor(next, { from: m });
  }
  const m = c.mark();
  c.type('y');
  await c.waitFor(/MAIN MENU[\s\S]*> $/, { from: m });
  return c;
}

test('a CP437 caller reads typographic punctuation as its nearest CP437, never as ? or a control byte', { timeout: 60_000 }, async () => {
  const uma = await telnetRegister(board.ports.telnet!, 'Uma');
  uma.type('1');
  await uma.waitFor('Subject:');
  uma.type('Punctuation\r\n');
  await uma.waitFor(/ 1: /);
  uma.line('It’s “so” — 5 € … ✓ © ™ • ← → done');
  uma.line('.');
  await uma.waitFor(/Message #\d+ posted/);
  uma.close();

  const cal = await syncTermRegister('Cal');
  const from = cal.mark();
  cal.type('2');
  await cal.waitFor('done', { from });
  const got = cal.data.subarray(from);
  const want = Buffer.concat([Buffer.from('It\'s "so" ', 'latin1'), Buffer.from([0xc4]), Buffer.from(' 5 EUR ... ', 'latin1'), Buffer.from([0xfb]), Buffer.from(' (c) TM ', 'latin1'), Buffer.from([0xf9]), Buffer.from(' < > done', 'latin1')]);
  assert.ok(got.includes(want), `expected ${want.toString('hex')} in ${got.toString('hex')}`);
  cal.close();
});

test('switching to ANSI-BBS on a UTF-8 terminal shows a CP437 sample first and keeps UTF-8 on a no', { timeout: 60_000 }, async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Vic');
  c.type('S');
  await c.waitFor('YOUR SETTINGS');
  await c.waitFor(/> $/);
  c.type('T');
  await c.waitFor(/etect/);
  await c.waitFor(/> $/);
  const tried = c.mark();
  c.type('A');
  await c.waitFor('Do you see double-lined boxes and shaded blocks? (y/N)', { from: tried });
  const sample = c.data.subarray(tried);
  // The sample's corners and shades arrive as CP437 bytes (╔ 0xC9, ░ 0xB0), not as UTF-8.
  assert.ok(sample.includes(Buffer.from([0xc9, 0xcd, 0xcd])), 'CP437 double box');
  assert.ok(sample.includes(Buffer.from([0xb0, 0xb0, 0xb1, 0xb1])), 'CP437 shades');
  assert.ok(!sample.includes(Buffer.from('╔', 'utf8')), 'no UTF-8 in the sample');

  const refused = c.mark();
  c.type('n');
  await c.waitFor('Kept as your client says: nothing changed.', { from: refused });
  await c.waitFor(/Terminal\s+as your client says/, { from: refused });
  assert.ok(c.data.subarray(refused).includes(Buffer.from('╔', 'utf8')), 'the settings are drawn in UTF-8 again');

  // A yes keeps it, for this call and the next.
  await c.waitFor(/> $/, { from: refused });
  const again = c.mark();
  c.type('T');
  await c.waitFor(/etect[\s\S]*> $/, { from: again });
  c.type('A');
  await c.waitFor('shaded blocks?', { from: again });
  const kept = c.mark();
  c.type('y');
  await c.waitFor('Saved.', { from: kept });
  await c.waitFor(/Terminal\s+ANSI-BBS/, { from: kept });
  assert.ok(c.data.subarray(kept).includes(Buffer.from([0xc9, 0xcd])), 'settings drawn in CP437 now');
  c.close();
});
