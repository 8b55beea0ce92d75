import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../../helpers/until.js';

test('until returns the first truthy value, polling sync and async functions', async () => {
  let calls = 0;
  assert.equal(await until('the third call', () => (++calls >= 3 ? `call ${calls}` : ''), 1000, 1), 'call 3');
  assert.deepEqual(await until('an object', () => Promise.resolve({ at: 0 }), 1000), { at: 0 });
});

test('until fails after its deadline naming what it waited for and the last value', async () => {
  const started = Date.now();
  let n = 0;
  await assert.rejects(
    until('the count to reach ten', () => (n++, 0), 120, 5),
    (err: Error) => /timed out after 120 ms waiting for the count to reach ten; last value: 0/.test(err.message),
  );
  assert.ok(Date.now() - started >= 115, 'it polled until the deadline');
  await assert.rejects(until(() => `state ${n}`, () => false, 20), /waiting for state \d+; last value: false/);
});

test('an error from the polled function fails the wait at once', async () => {
  const started = Date.now();
  const closed = (): never => {
    throw new Error('connection closed');
  };
  await assert.rejects(until('never', closed, 5000), /connection closed/);
  assert.ok(Date.now() - started < 1000);
});
