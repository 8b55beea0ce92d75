import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { telnetRegister, type TelnetClient } from '../callers/telnet.js';
import { RawTelnet } from '../callers/telnet-raw.js';
import { signUp, type Typist } from '../helpers/terminal-login.js';
import { until } from '../helpers/until.js';

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await board?.stop();
});

/** Clear the screen, retitle the window, ring the bell, recolour, then board markup. */
const PAYLOAD = '\x1b[2J\x1b]0;pwned\x07\x1b[5;31mEVIL|04red{{user}}';
const SHOWN = '^[[2J^[]0;pwned^G^[[5;31mEVIL|04red{{user}}';
const RAW_PIECES = ['\x1b[2J', '\x1b]0;', '\x07', '\x1b[5;31m'];

test('escapes, pipe codes and {{variables}} from one caller reach a telnet caller as plain visible text', { timeout: 60_000 }, async () => {
  // The original client's protocol carries any text as it is typed: the attacker's wire.
  const evil = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(evil, 'Mallory', 'password1');
  // A name with an escape is refused before it can be shown to anyone.
  const badName = await JsonClient.dial(board.ports.tcpjson!);
  await badName.answer("Who's calling?", '\x1b[31mRed');
  await badName.expect('Names may hold letters');
  badName.close();

  const victim = await telnetRegister(board.ports.telnet!, 'Victim');
  const start = victim.mark();

  // A message, a oneliner and a chat line, all carrying the payload.
  evil.send('1');
  await evil.answer('Subject:', '');
  await evil.expect('Type your message');
  evil.send(PAYLOAD);
  evil.send('.');
  await evil.expect(/Message #\d+ posted/);
  evil.send('O');
  await evil.answer('Add your own line', 'y');
  await evil.answer('Your oneliner', PAYLOAD);
  await evil.answer('to go on', '');

  victim.type('N');
  await victim.waitFor(`EVIL|04red{{user}}`);
  victim.type('Q');
  await victim.waitFor(/MAIN MENU[\s\S]*> $/);
  victim.type('O');
  await victim.waitFor('Add your own line');
  victim.type('n');
  await victim.waitFor(/MAIN MENU[\s\S]*> $/);
  victim.type('C');
  await victim.waitFor('Here now');
  evil.send('C');
  await evil.expect('Here now');
  evil.send(PAYLOAD);
  await victim.waitFor(/Mallory: .*EVIL/);
  victim.line('/quit');
  await victim.waitFor(/MAIN MENU[\s\S]*> $/);

  // The board's own clear before a menu or a list (ESC[2J then ESC[H) is taken out: the payload's is not followed by ESC[H.
  const bytes = victim.raw(start).replaceAll('\x1b[2J\x1b[H', '');
  const seen = bytes.split(SHOWN).length - 1;
  assert.equal(seen, 3, 'message, oneliner and chat line each show the payload as text');
  for (const piece of RAW_PIECES) {
    // The board's own colours use ESC [ ... m; none of the attacker's sequences may appear.
    assert.ok(!bytes.includes(piece), `${JSON.stringify(piece)} from user text reached the terminal raw`);
  }
  assert.ok(!bytes.includes('EVIL|04redVictim') && !victim.text(start).includes('EVILred'), 'neither the variable nor the pipe code was interpreted');
  evil.close();
  victim.close();
});

/** Every row of plain text the caller was shown since `from`. */
function rows(c: TelnetClient, from: number): string[] {
  return c.text(from).split(/\r?\n|\r/);
}

test('a line break inside a oneliner or a page cannot put a forged board line on another caller\'s screen', { timeout: 60_000 }, async () => {
  const forger = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(forger, 'Forger', 'password1');
  const victim = await telnetRegister(board.ports.telnet!, 'Reader');
  const start = victim.mark();

  // The original protocol carries CR LF (and any other separator) inside one frame's msg.
  forger.send('O');
  await forger.answer('Add your own line', 'y');
  await forger.answer('Your oneliner', 'nice board\r\n *** Broadcast from sysop: reboot');
  await forger.answer('to go on', '');
  await forger.answer('MAIN MENU', 'P');
  await forger.answer('Page whom?', 'reader');
  await forger.answer('Your page to Reader', 'hi\r\n*** Broadcast from sysop\u20282\v3\f4\u00855\u20296\n');
  await victim.waitFor('Page from Forger');

  victim.type('O');
  await victim.waitFor('Add your own line');
  victim.type('n');
  await victim.waitFor(/MAIN MENU[\s\S]*> $/);

  const shown = rows(victim, start);
  const page = shown.filter((r) => r.includes('Page from Forger'));
  assert.equal(page.length, 1);
  assert.match(page[0]!, /: hi \*\*\* Broadcast from sysop 2 3 4 5 6$/, 'the whole page is on the row that says who sent it');
  const wall = shown.filter((r) => r.includes('nice board'));
  assert.equal(wall.length, 1);
  assert.match(wall[0]!, /Forger: nice board +\*\*\* Broadcast from sysop: reboot/, 'the oneliner is one row under its author');
  assert.deepEqual(shown.filter((r) => /^\s*\*\*\* Broadcast/.test(r)), [], 'no row of its own that looks like the board\'s');
  forger.close();
  victim.close();
});

/** The glyphs CP437 keeps at 0x05, 0x0E, 0x0F, 0x0B, 0x0C, 0x7F and 0x1A: ENQ, SO, SI, VT, FF, DEL and SUB on the wire. */
const CONTROL_GLYPHS = '♣ ♫ ☼ ♂ ♀ ⌂ →';

/** The data bytes: telnet commands and the board's own CSI sequences (colour, clear, autowrap, line editing) taken out. */
function textBytes(bytes: Buffer): Buffer {
  const data = bytes.toString('latin1').replace(/\xff[\xfb-\xfe][\s\S]|\xff\xfa[\s\S]*?\xff\xf0|\xff\xff/g, '');
  return Buffer.from(data.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''), 'latin1');
}

/** A CP437 caller on a raw socket, read as bytes: each wait looks only past the last one. */
function cp437Typist(raw: RawTelnet): Typist & { at: () => number } {
  let cursor = 0;
  return {
    at: () => cursor,
    async expect(pattern) {
      // Bytes read as Latin-1, one character each: a place in the text is a place in the bytes.
      const find = (): { at: number; length: number } | null => {
        const text = raw.bytes.subarray(cursor).toString('latin1');
        const m = typeof pattern === 'string' ? (text.includes(pattern) ? { index: text.indexOf(pattern), length: pattern.length } : null) : ((r) => (r ? { index: r.index, length: r[0].length } : null))(pattern.exec(text));
        return m === null ? null : { at: cursor + m.index, length: m.length };
      };
      const { at, length } = await until(() => `${String(pattern)} in ${JSON.stringify(raw.bytes.subarray(cursor).toString('latin1').slice(-400))}`, find, 5000, 5);
      cursor = at + length;
    },
    send: (keys) => raw.type(keys),
    line: (text) => raw.type(`${text}\r\n`),
  };
}

test('glyphs that CP437 keeps at control bytes reach an ANSI-BBS caller as safe characters, never as controls', { timeout: 60_000 }, async () => {
  const writer = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(writer, 'Glyphs', 'password1');
  writer.send('O');
  await writer.answer('Add your own line', 'y');
  await writer.answer('Your oneliner', `wall ${CONTROL_GLYPHS}`);
  await writer.answer('to go on', '');

  const raw = await RawTelnet.open(board.ports.telnet!, { termType: 'ANSI-BBS', size: [80, 25] });
  const bbs = cp437Typist(raw);
  // A raw socket never agrees to character mode, so every key goes with Enter.
  await signUp(bbs, 'Cp437', 'password1', { line: 'y' });
  await bbs.expect('> ');
  const start = bbs.at();
  bbs.line('O');
  await bbs.expect('Add your own line');
  bbs.line('n');
  await bbs.expect('MAIN MENU');
  bbs.line('C');
  await bbs.expect('Here now');
  await writer.answer('MAIN MENU', 'C');
  await bbs.expect('Glyphs joined');
  writer.send(`chat ${CONTROL_GLYPHS}`);
  await bbs.expect('Glyphs');
  await bbs.expect('chat ');
  bbs.line('/quit');
  await bbs.expect('MAIN MENU');

  const bytes = raw.bytes.subarray(start);
  const controls = [...textBytes(bytes)].filter((b) => (b < 0x20 && b !== 0x0d && b !== 0x0a) || b === 0x7f);
  assert.deepEqual(controls, [], 'no control byte but CR, LF and the board\'s own escape sequences');
  assert.ok(bytes.includes(Buffer.from('wall ? ? * ? ? ? >', 'latin1')), 'the oneliner shows look-alikes');
  assert.ok(bytes.includes(Buffer.from('chat ? ? * ? ? ? >', 'latin1')), 'the chat line shows look-alikes');
  writer.close();
  raw.close();
});
