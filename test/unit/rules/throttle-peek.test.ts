import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginGuard } from '../../../src/rules/login-guard.js';
import { LocalThrottle } from '../../../src/rules/throttle.js';
import { BoardLimits } from '../../../src/nodes/board-limits.js';
import { LinkAsker } from '../../../src/nodes/link-asker.js';
import { LinkedThrottle } from '../../../src/nodes/linked-limits.js';
import { silentLogger } from '../../../src/logger.js';

const RULE = { limit: 2, windowMs: 60_000 };

test('a peek says whether a take would pass, and how long until it would, without counting', () => {
  let now = 1_000_000;
  const t = new LocalThrottle(() => now);
  assert.deepEqual(t.peekNow('k', RULE), { ok: true }, 'a key never seen');
  for (let i = 0; i < 5; i++) assert.deepEqual(t.peekNow('k', RULE), { ok: true }, 'peeking counts nothing');
  assert.deepEqual(t.takeNow('k', RULE), { ok: true });
  now += 10_000;
  assert.deepEqual(t.takeNow('k', RULE), { ok: true });
  assert.deepEqual(t.peekNow('k', RULE), { ok: false, retryInMs: 50_000 });
  assert.deepEqual(t.peekNow('k', { limit: 3, windowMs: 60_000 }), { ok: true }, 'another rule starts afresh');
  now += 50_000;
  assert.deepEqual(t.peekNow('k', RULE), { ok: true });
  assert.deepEqual(t.takeNow('k', RULE), { ok: true });
});

test('a worker node peeks at the one throttle over its link; no answer is no permission', async () => {
  const limits = new BoardLimits(new LoginGuard(), new LocalThrottle());
  const asker: LinkAsker = new LinkAsker((m) => {
    if (m.t === 'ask') queueMicrotask(() => asker.answer(m.id, limits.answer(m.ask)));
  });
  const linked = new LinkedThrottle(asker, silentLogger);
  assert.deepEqual(await linked.peek('oneliner:addr:10.0.0.1', RULE), { ok: true });
  await linked.take('oneliner:addr:10.0.0.1', RULE);
  await linked.take('oneliner:addr:10.0.0.1', RULE);
  assert.equal((await linked.peek('oneliner:addr:10.0.0.1', RULE)).ok, false);
  assert.equal(limits.answer({ kind: 'throttle-peek', key: 'k', rule: { limit: 0, windowMs: 1000 } }), null);
  assert.equal(limits.answer({ kind: 'throttle-peek', key: 'k'.repeat(600), rule: RULE }), null);
  assert.equal((await new LinkedThrottle(new LinkAsker(() => {}, 50), silentLogger).peek('k', RULE)).ok, false);
});
