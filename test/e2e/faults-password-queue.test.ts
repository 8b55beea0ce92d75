import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonCaller } from '../callers/json.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';

/**
 * The attack that got past a per-address back-off read when each password
 * arrived: several connections from one address guess at the victim's
 * account in parallel, and between guesses the attacker logs in to an account of their own with its right password,
 * which used to clear the address's failures. The board's guard must hold
 * the guesses to one per `limits.passwordWait` seconds however they are
 * spread over connections and interleaved.
 */

const ATTACKER = '127.0.0.1';
const VICTIM_HOME = '127.0.0.2';
const WAIT_S = 2;
// Below the per-address cap of 8, so a redial never races the close of the connection before it.
const CONNECTIONS = 6;
const WINDOW_MS = 12_000;

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess({ env: { BBS_PASSWORD_WAIT: String(WAIT_S) } });
});
after(async () => {
  await board.stop();
});

async function register(localAddress: string, name: string, password: string): Promise<void> {
  const c = await JsonCaller.dial({ port: board.ports.tcpjson!, localAddress });
  try {
    await c.prompt("Who's calling?");
    c.send(name);
    await c.prompt('Password:');
    c.send(password);
    await c.prompt('once more');
    c.send(password);
    await c.prompt('go on?');
  } finally {
    c.close();
  }
}

/** One login attempt; resolves with when the board answered it (ms since `start`) and whether it got in. */
async function attempt(name: string, password: string, start: number): Promise<{ at: number; ok: boolean }> {
  const c = await JsonCaller.dial({ port: board.ports.tcpjson!, localAddress: ATTACKER });
  try {
    await c.prompt("Who's calling?");
    c.send(name);
    await c.prompt('Password:');
    c.send(password);
    const text = await c.until(/\u0001(EXIT|PROMPT)\u0001/, 60_000);
    return { at: performance.now() - start, ok: /go on\?/.test(text) };
  } finally {
    c.close();
  }
}

test('parallel guesses interleaved with the attacker’s own logins are held to one per passwordWait', { timeout: 120_000 }, async () => {
  await register(VICTIM_HOME, 'Victim', 'victim secret');
  await register(ATTACKER, 'Mallory', 'mallory secret');

  const start = performance.now();
  const guesses: number[] = [];
  const ownLogins: number[] = [];
  let stop = false;
  let n = 0;
  // Each connection alternates: a guess at the victim, then the attacker's own right password.
  const line = async (id: number): Promise<void> => {
    for (let round = 0; !stop; round++) {
      if ((id + round) % 2 === 0) {
        const r = await attempt('Victim', `guess-${n++}`, start);
        assert.equal(r.ok, false, 'no guess is right');
        guesses.push(r.at);
      } else {
        const r = await attempt('Mallory', 'mallory secret', start);
        assert.equal(r.ok, true, "the attacker's own password still works");
        ownLogins.push(r.at);
      }
    }
  };
  const timer = setTimeout(() => (stop = true), WINDOW_MS);
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, id) => line(id)));
  clearTimeout(timer);

  const inWindow = guesses.filter((at) => at <= WINDOW_MS).length;
  // Every attempt from the address takes a turn: 0, 1 s, then one every WAIT_S seconds, own logins included.
  const allowed = Math.floor(WINDOW_MS / (WAIT_S * 1000)) + 2;
  assert.ok(inWindow <= allowed, `${inWindow} guesses were checked in ${WINDOW_MS} ms; at most ${allowed} may be`);
  assert.ok(inWindow >= 1 && ownLogins.length >= 1, 'the attack did run');
  const answers = [...guesses, ...ownLogins].sort((a, b) => a - b);
  // Turns come one WAIT_S apart; checking a password takes a varying moment after its turn, which can
  // only make an answer later. So the i-th answer is never earlier than its turn in the line.
  for (let i = 2; i < answers.length; i++) {
    const since = answers[i]! - answers[1]!;
    assert.ok(since >= (i - 1) * WAIT_S * 1000 - 300, `attempt ${i + 1} was answered ${since.toFixed(0)} ms after the second; its turn is ${(i - 1) * WAIT_S} s after it`);
  }

  // The last log line may reach the pipe a moment after its caller's answer.
  const failedLogins = () => board.output().split('\n').filter((l) => /failed login/.test(l)).length;
  await until(() => `every guess checked to be logged (${failedLogins()} of ${guesses.length})`, () => failedLogins() >= guesses.length, 2000, 50);
  assert.equal(failedLogins(), guesses.length, 'every guess checked is logged, once');
});
