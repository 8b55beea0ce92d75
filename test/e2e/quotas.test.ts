import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, logInAndEnter, registerAndEnter } from '../callers/json.js';
import { stripAnsi } from '../callers/text-stream.js';

/**
 * Sign-ups per address, posts and mail per account per hour, and storage per
 * account, over the original client's JSON socket against the real board:
 * the attack was one address making a thousand accounts a minute and one
 * connection posting 10 KB messages as fast as it could type them.
 */

const PASSWORD = 'password1';
// The shipped sign-up default (an empty value means "not set"), and small writing quotas to reach quickly.
const ENV = { BBS_SIGNUPS_PER_HOUR: '', BBS_POSTS_PER_HOUR: '2', BBS_MAIL_PER_HOUR: '1', BBS_STORAGE_PER_USER: '2' };

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess({ env: ENV });
});
after(async () => {
  await board?.stop();
});

async function call(name: string, fresh: boolean): Promise<JsonClient> {
  const c = await JsonClient.dial(board.ports.tcpjson!);
  await (fresh ? registerAndEnter(c, name, PASSWORD) : logInAndEnter(c, name, PASSWORD));
  return c;
}

/** What the board says once a message has been asked for: the compose screen, or why not. */
const ANSWER = /Type your message|Send to whom|Subject:|in the last hour|KiB/;
const OUTCOME = /posted\.|Sent\.|in the last hour|KiB/;

/**
 * Menu 1 (a public message) or 3 (private, to `to`): the lines typed at their
 * prompts and the closing dot. Resolves with the board's last word on it.
 */
async function write(c: JsonClient, lines: string[], to?: string): Promise<string> {
  c.send(to === undefined ? '1' : '3');
  let said = await c.waitFor((_r, plain) => ANSWER.test(plain));
  if (to !== undefined && said.msg.includes('Send to whom')) {
    c.send(to);
    said = await c.waitFor((_r, plain) => ANSWER.test(plain) && !plain.includes('Send to whom'));
  }
  if (said.msg.includes('Subject:')) {
    c.send('');
    said = await c.waitFor((_r, plain) => ANSWER.test(plain) && !plain.includes('Subject:'));
  }
  if (!said.msg.includes('Type your message')) return stripAnsi(said.msg);
  for (const line of [...lines, '.']) {
    await c.waitFor((r) => r.type === 'prompt');
    c.send(line);
  }
  return stripAnsi((await c.waitFor((_r, plain) => OUTCOME.test(plain))).msg);
}

const line = (n: number): string => `${String(n).padStart(3, '0')} ${'x'.repeat(146)}`;

test('a fourth account from one address in an hour is refused with the cap and the wait, and an existing account still logs in', { timeout: 60_000 }, async () => {
  // The first account on a board is the sysop's; three sign-ups in all from this address.
  for (const name of ['Sysop', 'Amy', 'Bob']) (await call(name, true)).close();
  const c = await JsonClient.dial(board.ports.tcpjson!);
  await c.answer("Who's calling?", 'Mallory');
  const held = await c.expect('No new accounts from your address');
  assert.match(held.msg, /3 an hour at most/);
  assert.match(held.msg, /Try again in (59m|1h)/);
  // Back at the name prompt, not at a password prompt: nothing was made.
  await c.answer("Who's calling?", 'Amy');
  await c.answer('Password:', PASSWORD);
  await c.answer('go on?', 'y');
  await c.expect('MAIN MENU', 'prompt');
  c.close();
});

test('posts and mail per hour and storage per account are capped with the cap and the wait said, the sysop exempt, and the counts survive a restart', { timeout: 120_000 }, async () => {
  const amy = await call('Amy', false);
  assert.match(await write(amy, ['one']), /posted\./);
  assert.match(await write(amy, ['two']), /posted\./);
  // Refused before a word is typed, with the cap and when to come back.
  const third = await write(amy, ['three']);
  assert.match(third, /You have posted 2 messages in the last hour/);
  assert.match(third, /post again in (59m|1h)/);
  assert.match(await write(amy, ['to Bob'], 'Bob'), /Sent\./);
  const second = await write(amy, ['again'], 'Bob');
  assert.match(second, /sent 1 private messages in the last hour/);
  assert.match(second, /write again in (59m|1h)/);
  amy.close();

  const sysop = await call('Sysop', false);
  for (const n of [1, 2, 3]) assert.match(await write(sysop, [line(n), line(n + 1)]), /posted\./, 'the sysop has no quota');
  sysop.close();

  // 2 KiB each: ten lines of 150 characters fit, five more do not.
  const bob = await call('Bob', false);
  assert.match(await write(bob, Array.from({ length: 10 }, (_, i) => line(i))), /posted\./);
  const big = await write(bob, Array.from({ length: 5 }, (_, i) => line(i)));
  assert.match(big, /That message \(0\.8 KiB\) does not fit: you have written 1\.5 KiB\s+of the 2 KiB/);
  assert.match(big, /It was not stored/);
  // 1,509 bytes written and 539 more: exactly 2 KiB fits, and then not one byte more, mail included.
  assert.match(await write(bob, ['a'.repeat(200), 'b'.repeat(200), 'c'.repeat(137)]), /posted\./);
  assert.match(await write(bob, ['full'], 'Amy'), /Your messages and mail fill the 2 KiB an account may write\s+\(you have written 2 KiB\)/);
  bob.close();

  // Counted from the database: a restart forgets nothing.
  await board.stop();
  board = await startBoardProcess({ data: board.data, env: ENV });
  const back = await call('Amy', false);
  assert.match(await write(back, ['after the restart']), /You have posted 2 messages in the last hour/);
  back.close();
  const c = await JsonClient.dial(board.ports.tcpjson!);
  await c.answer("Who's calling?", 'Mallory');
  await c.expect('No new accounts from your address');
  c.close();
});
