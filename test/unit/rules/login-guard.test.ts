import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginGuard } from '../../../src/rules/login-guard.js';
import { LinkAsker, NoAnswerError } from '../../../src/nodes/link-asker.js';
import { BoardLimits } from '../../../src/nodes/board-limits.js';
import { LinkedGuard, LinkedThrottle } from '../../../src/nodes/linked-limits.js';
import { LocalThrottle } from '../../../src/rules/throttle.js';
import { silentLogger } from '../../../src/logger.js';
import type { BoardAsk } from '../../../src/nodes/link-protocol.js';

const ATTACKER = '203.0.113.9';
const HOME = '192.0.2.1';

function guard(opts: ConstructorParameters<typeof LoginGuard>[0] = {}): { g: LoginGuard; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { g: new LoginGuard({ baseDelayMs: 1000, maxDelayMs: 8000, ...opts }, () => clock.now), clock };
}

test('one attempt at a time: each failure doubles the next wait, up to the cap', () => {
  const { g, clock } = guard();
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    const turn = g.attemptNow('victim', ATTACKER);
    waits.push(turn.waitMs);
    clock.now += turn.waitMs + 10; // checked on its turn, found wrong; the next comes a moment later
  }
  assert.deepEqual(waits, [0, 1000, 2000, 4000, 8000, 8000]);
});

test('parallel attempts queue: each turn comes after the one before, so eight connections are no faster than one', () => {
  const { g, clock } = guard();
  const turns = Array.from({ length: 8 }, () => clock.now + g.attemptNow('victim', ATTACKER).waitMs);
  for (let i = 1; i < turns.length; i++) assert.ok(turns[i]! > turns[i - 1]!, `turn ${i} comes after turn ${i - 1}`);
  assert.deepEqual(
    turns.map((t) => t - clock.now),
    [0, 1000, 3000, 7000, 15000, 23000, 31000, 39000],
  );
});

test("a success clears only its own account's failures: interleaving the attacker's own login clears nothing", () => {
  const { g, clock } = guard();
  for (let i = 0; i < 3; i++) {
    const turn = g.attemptNow('victim', ATTACKER);
    clock.now += turn.waitMs;
    const own = g.attemptNow('mallory', ATTACKER);
    clock.now += own.waitMs;
    g.succeeded('mallory', ATTACKER);
  }
  // Three failures against the victim from this address are still counted: the next waits 4 s.
  assert.equal(g.waitFor('victim', ATTACKER), 4000);
  assert.equal(g.waitFor('mallory', ATTACKER), 4000, 'an address is slowed for every account it calls about');
  // The victim's own success (from that address: say it is a shared line) takes back what was theirs.
  clock.now += 4000;
  g.attemptNow('Victim', ATTACKER);
  g.succeeded('VICTIM', ATTACKER);
  assert.equal(g.waitFor('victim', ATTACKER), 0, 'account names compare without case');
});

test("one address guessing does not slow the owner elsewhere; many addresses guessing at one account do", () => {
  const { g, clock } = guard();
  for (let i = 0; i < 4; i++) clock.now += g.attemptNow('victim', ATTACKER).waitMs + 1;
  assert.equal(g.waitFor('victim', HOME), 0, 'four failures from one address leave the owner alone');
  assert.ok(g.waitFor('victim', ATTACKER) > 0);

  const spread = guard().g;
  for (let i = 0; i < 5; i++) assert.equal(spread.attemptNow('victim', `198.51.100.${i}`).waitMs, 0, 'each new address gets its first try at once');
  assert.equal(spread.waitFor('victim', '198.51.100.200'), 1000, 'after five failures at the account, the account itself waits');
  assert.equal(spread.waitFor('someone-else', '198.51.100.200'), 0);
  spread.succeeded('victim', HOME);
  assert.equal(spread.waitFor('victim', '198.51.100.200'), 0, "the owner's success clears the account's own count");
  assert.equal(spread.waitFor('victim', '198.51.100.0'), 1000, "but not any address's");
});

test('a line too long is refused unchecked and counts nothing; quiet addresses are forgotten', () => {
  const { g, clock } = guard({ maxQueueMs: 10_000, forgetAfterMs: 60_000 });
  const waits = [0, 1, 2, 3].map(() => g.attemptNow('victim', ATTACKER));
  assert.deepEqual(waits.map((t) => t.refused), [false, false, false, false]);
  const refused = g.attemptNow('victim', ATTACKER);
  assert.equal(refused.refused, true, 'a turn 15 s away is past the 10 s line');
  assert.equal(refused.failures, 4, 'the refused attempt was not counted');
  clock.now += 7000 + 60_001;
  assert.equal(g.waitFor('victim', ATTACKER), 0, 'forgotten after a quiet period');
});

test('memory is bounded: the least recently seen address is forgotten first', () => {
  const { g } = guard({ maxEntries: 3 });
  for (let i = 0; i < 4; i++) g.attemptNow(`user${i}`, `10.0.0.${i}`);
  g.attemptNow('user9', '10.0.0.9');
  assert.equal(g.waitFor('x', '10.0.0.0'), 0, 'the oldest address was forgotten');
  assert.equal(g.waitFor('x', '10.0.0.9'), 1000);
});

test('a worker node asks the one guard and throttle; no answer is a refusal, never a free pass', async () => {
  const limits = new BoardLimits(new LoginGuard(), new LocalThrottle());
  // A link that answers: the gateway's side, in one step.
  const asker: LinkAsker = new LinkAsker((m) => {
    if (m.t === 'ask') queueMicrotask(() => asker.answer(m.id, limits.answer(m.ask)));
  });
  const linked = new LinkedGuard(asker, silentLogger);
  assert.equal((await linked.attempt('victim', ATTACKER)).waitMs, 0);
  assert.equal((await linked.attempt('victim', ATTACKER)).waitMs, 1000, 'the second attempt waits in the same line');
  const throttle = new LinkedThrottle(asker, silentLogger);
  assert.deepEqual(await throttle.take('chat:user:1', { limit: 1, windowMs: 60_000 }), { ok: true });
  assert.equal((await throttle.take('chat:user:1', { limit: 1, windowMs: 60_000 })).ok, false);

  // A gateway that never answers.
  const silent = new LinkAsker(() => {}, 50);
  await assert.rejects(new LinkedGuard(silent, silentLogger).attempt('victim', ATTACKER), NoAnswerError);
  assert.equal((await new LinkedThrottle(silent, silentLogger).take('k', { limit: 5, windowMs: 1000 })).ok, false);
  // A link that closes with questions in flight.
  const closing = new LinkAsker(() => {});
  const pending = closing.ask({ kind: 'guard-attempt', account: 'victim', address: ATTACKER });
  closing.failAll('link closed');
  await assert.rejects(pending, NoAnswerError);

  // The gateway answers a malformed question with null (a refusal).
  assert.equal(limits.answer({ kind: 'guard-attempt', account: 'x'.repeat(600), address: ATTACKER }), null);
  assert.equal(limits.answer({ kind: 'throttle-take', key: 'k', rule: { limit: -1, windowMs: 1000 } }), null);
  assert.equal(limits.answer({ kind: 'nonsense' } as unknown as BoardAsk), null);
});
