import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { BENCH_PASSWORD, callerName, seedAccounts } from '../../bench/lib/accounts.js';
import { callerAddress } from '../../bench/lib/loopback.js';
import { JsonCaller } from '../callers/json.js';
import { TelnetClient } from '../callers/telnet.js';
import { MENU_PROMPT } from '../callers/log-in.js';
import { stripAnsi } from '../callers/text-stream.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';

/**
 * A storm of logins on a board with one hashing thread: every password
 * waits its turn in one first-come line, the caller sees their place in it
 * move, a caller who hangs up leaves it unhashed, and a full line answers
 * "busy" at once. Each caller dials from an address of its own, so the
 * failed-password back-off (which lines up one address's attempts) stays
 * out of the way.
 */

const PATIENCE_MS = 90_000;
const QUEUE_LINE = /Checking your password, (\d+) ahead of you/g;

/** A JSON caller at the password prompt of account `n`. */
async function atPassword(board: BoardProcess, n: number): Promise<JsonCaller> {
  const c = await JsonCaller.dial({ port: board.ports.tcpjson!, localAddress: callerAddress(n) });
  await c.prompt("Who's calling?");
  c.send(callerName(n));
  await c.prompt('Password:');
  return c;
}

async function boardWithAccounts(t: test.TestContext, env: Record<string, string>, accounts: number): Promise<BoardProcess> {
  const board = await startBoardProcess({ t, env: { BBS_HASH_THREADS: '1', ...env } });
  await seedAccounts(board.data, accounts);
  return board;
}

const logLines = (board: BoardProcess, pattern: RegExp): string[] => board.output().split('\n').filter((l) => pattern.test(l));

void test('a telnet caller behind a storm of logins sees its place fall, then logs in; logins finish in the order queued; one who hangs up leaves the line', { timeout: 180_000 }, async (t) => {
  const STORM = 60;
  const LEAVER = 30;
  const board = await boardWithAccounts(t, { BBS_LINES: '100' }, STORM + 1);
  const callers = await Promise.all(Array.from({ length: STORM }, (_, i) => atPassword(board, i + 1)));
  t.after(() => callers.forEach((c) => c.close()));

  const telnet = await TelnetClient.dial({ port: board.ports.telnet!, negotiate: true, localAddress: callerAddress(STORM + 1) });
  t.after(() => telnet.close());
  await telnet.until("Who's calling?", 10_000);
  telnet.send(callerName(STORM + 1));
  await telnet.until('Password:', 10_000);

  // Passwords a few milliseconds apart, so the order they arrive in is the order they were sent.
  const finished: number[] = [];
  const done: Array<Promise<void>> = [];
  for (const [i, c] of callers.entries()) {
    c.send(BENCH_PASSWORD);
    if (i + 1 !== LEAVER) done.push(c.prompt('go on?', PATIENCE_MS).then(() => void finished.push(i + 1)));
    await sleep(5);
  }
  telnet.send(BENCH_PASSWORD);
  // Once the telnet caller stands in line, so does the leaver, far ahead of it: then it hangs up.
  await telnet.until('ahead of you', PATIENCE_MS);
  callers[LEAVER - 1]!.close();

  await telnet.until('go on?', PATIENCE_MS);
  telnet.type('y');
  await telnet.until(MENU_PROMPT, 10_000);
  await Promise.all(done);

  const places = [...stripAnsi(telnet.raw()).matchAll(QUEUE_LINE)].map((m) => Number(m[1]));
  assert.ok(places.length >= 2, `the waiting caller saw its place more than once: ${places.join(', ')}`);
  for (let i = 1; i < places.length; i++) assert.ok(places[i]! < places[i - 1]!, `the place only falls: ${places.join(', ')}`);
  // On a terminal each new place is drawn over the last, not below it.
  assert.match(telnet.raw(), /\x1b\[A\r\x1b\[K[^\n]*Checking your password/, 'the place is redrawn in place');
  assert.deepEqual(finished, [...finished].sort((a, b) => a - b), 'logins finish in the order their passwords arrived');
  assert.equal(finished.length, STORM - 1);

  await until('the leaver’s dropped check to be logged', () => logLines(board, /password check dropped: the caller left the line/).length > 0, 5000, 50);
  const leaver = callerName(LEAVER);
  assert.equal(logLines(board, new RegExp(`\\blogin\\b.*user=${leaver}\\b`)).length, 0, 'the caller who left was never logged in');
  assert.ok(logLines(board, /password check dropped/).some((l) => l.includes(leaver)), 'the dropped check is the leaver’s');
});

void test('a full line of password checks answers busy at once instead of a silent wait', { timeout: 120_000 }, async (t) => {
  const CALLERS = 12;
  const board = await boardWithAccounts(t, { BBS_PASSWORD_QUEUE: '2' }, CALLERS);
  const callers = await Promise.all(Array.from({ length: CALLERS }, (_, i) => atPassword(board, i + 1)));
  t.after(() => callers.forEach((c) => c.close()));

  for (const c of callers) c.send(BENCH_PASSWORD);
  const answers = await Promise.all(callers.map((c) => c.screen.until(/\u0001(EXIT|PROMPT)\u0001/, PATIENCE_MS)));
  const busy = answers.filter((a) => /\u0001EXIT\u0001/.test(a));
  const inside = answers.filter((a) => /go on\?/.test(a));
  assert.ok(busy.length >= 1, 'some callers found the line full');
  assert.ok(inside.length >= 3, 'the one hashing and the two waiting got in');
  assert.equal(busy.length + inside.length, CALLERS, 'every caller got an answer');
  for (const a of busy) assert.match(a, /busy checking passwords.*try again/);
  assert.equal(logLines(board, /the line of password checks is full/).length, busy.length, 'each refusal is logged once');
});
