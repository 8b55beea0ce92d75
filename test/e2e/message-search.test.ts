import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { telnetRegister, type TelnetClient } from '../callers/telnet.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';

/**
 * Searching messages from an area's menu over telnet: the hits with their
 * line of context, then one opened in the reader.
 */

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess({ env: { BBS_EDITOR: 'line' } });
});
after(async () => {
  await board.stop();
});

/** A hot key, then the pause a caller's habitual Enter would need to be taken for the next line (the stray-Enter rule). */
async function hotKey(c: TelnetClient, key: string): Promise<void> {
  c.type(key);
  await sleep(650);
}

/** Post to the first area from the main menu (menu 1) and come back to the menu. */
async function post(c: TelnetClient, subject: string, body: string): Promise<void> {
  c.type('1');
  await c.waitFor('Subject:');
  c.type(`${subject}\r\n`);
  await c.waitFor('Type your message');
  c.type(`${body}\r\n.\r\n`);
  await c.waitFor(/Message #\d+ posted/);
  await c.waitFor('MAIN MENU');
}

/** From the area menu: S, and the words asked for; returns where the board's answer starts. */
async function search(c: TelnetClient, words: string): Promise<number> {
  await c.waitFor('[S] Search');
  await hotKey(c, 's');
  await c.waitFor('Search messages in General for');
  const asked = c.mark();
  c.type(`${words}\r\n`);
  return asked;
}

test('telnet: S in an area searches it; the hit shows its context, and its number opens it', { timeout: 60_000 }, async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Seeker');
  await post(c, 'Modems', 'My old modem sang at 2400 baud over the phone line.');
  await post(c, 'Travel', '昨日は東京タワーに行った。とても楽しかった。');
  await post(c, 'Other', 'Nothing to find here at all.');

  await hotKey(c, 'a');
  await c.waitFor('Area number to enter');
  c.type('1\r\n');
  const asked = await search(c, 'BAUD');
  await c.waitFor('Message number to read');
  const page = c.text(asked);
  assert.match(page, /MESSAGES MATCHING "BAUD"/);
  assert.match(page, /in General, 1 message/, 'the screen says where it searched');
  assert.match(page, /\[ 1\] Modems\s+General\s+Seeker/);
  assert.match(page, /My old modem sang at 2400 baud over the phone line\./, 'the line of context');
  assert.doesNotMatch(page, /Nothing to find/);
  // The matched word stands out: bright yellow, the rest of the line dim.
  assert.match(c.raw(asked), /\x1b\[(?:[0-9;]*;)?93m[^\x1b]*baud/, 'the match is highlighted');

  c.type('1\r\n');
  await c.waitFor('over the phone line.');
  await c.waitFor('[R]eply');
  await hotKey(c, 'n');
  await c.waitFor('Message number to read');

  c.type('\r\n');
  await search(c, '東京');
  await c.waitFor('Travel');
  await c.waitFor('Message number to read');
  c.type('\r\n');
  await search(c, '"AND NEAR( *');
  await c.waitFor('No message in General matches');
  c.close();
});
