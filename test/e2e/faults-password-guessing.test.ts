import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonCaller } from '../callers/json.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';

const ATTACKER = '127.0.0.1';
const OWNER_HOME = '127.0.0.2';
const OWNER_ELSEWHERE = '127.0.0.3';
const PASSWORD = 'correct horse';
// The longest wait, kept short so the test shows the doubling and its cap in seconds: 0, 1, 2, then 2 again.
const MAX_WAIT_S = 2;
const expectedWait = (guess: number): number => (guess === 0 ? 0 : Math.min(2 ** (guess - 1), MAX_WAIT_S));

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess({ env: { BBS_PASSWORD_WAIT: String(MAX_WAIT_S) } });
});
after(async () => {
  await board.stop();
});

async function tryPassword(localAddress: string, name: string, password: string): Promise<{ ms: number; text: string }> {
  const c = await JsonCaller.dial({ port: board.ports.tcpjson!, localAddress });
  try {
    await c.prompt("Who's calling?");
    c.send(name);
    await c.prompt('Password:');
    const sent = performance.now();
    c.send(password);
    const text = await c.until(/\u0001(EXIT|PROMPT)\u0001/, 40_000);
    return { ms: performance.now() - sent, text };
  } finally {
    c.close();
  }
}

test('password guessing from one line is slowed and logged; the owner still gets in from elsewhere', { timeout: 60_000 }, async () => {
  const owner = await JsonCaller.dial({ port: board.ports.tcpjson!, localAddress: OWNER_HOME });
  await owner.prompt("Who's calling?");
  owner.send('Owner');
  await owner.prompt('Password:');
  owner.send(PASSWORD);
  await owner.prompt('once more');
  owner.send(PASSWORD);
  await owner.prompt('go on?');
  owner.close();

  // Each wrong guess from the attacker's line doubles the wait before the next one is even checked, up to limits.passwordWait.
  const waits: number[] = [];
  for (let guess = 0; guess < 4; guess++) {
    const { ms, text } = await tryPassword(ATTACKER, 'Owner', `guess-${guess}`);
    assert.match(text, /Wrong password/, 'a wrong guess is refused');
    if (guess > 0) assert.match(text, new RegExp(`slows the next one down\\. Checking in ${expectedWait(guess)} seconds?\\.\\.\\.`));
    waits.push(ms);
  }
  assert.ok(waits[0]! < 1000, `the first guess is answered at once (${waits[0]!.toFixed(0)} ms)`);
  for (let guess = 1; guess < 4; guess++) {
    assert.ok(waits[guess]! < expectedWait(guess) * 1000 + 1500, `guess ${guess + 1} waited ${waits[guess]!.toFixed(0)} ms, not much more than ${expectedWait(guess)} s`);
    assert.ok(waits[guess]! >= expectedWait(guess) * 1000 - 50, `guess ${guess + 1} waited ${waits[guess]!.toFixed(0)} ms, at least ${expectedWait(guess)} s`);
  }

  // The real owner, on another line, is not slowed at all while the attacker's line still is.
  const { ms, text } = await tryPassword(OWNER_ELSEWHERE, 'Owner', PASSWORD);
  assert.doesNotMatch(text, /Checking in/);
  assert.match(text, /go on\?/);
  assert.ok(ms < 1500, `the owner got in in ${ms.toFixed(0)} ms`);

  const failed = board.output().split('\n').filter((l) => /failed login/.test(l));
  assert.equal(failed.length, 4, `every guess is logged:\n${failed.join('\n')}`);
  for (const line of failed) {
    assert.match(line, /Owner/);
    assert.match(line, new RegExp(ATTACKER.replace(/\./g, '\\.')));
    assert.doesNotMatch(line, /guess-\d/, 'the guessed password never reaches the log');
  }
});
