import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endsCleanly, timeLeftText } from '../../../src/doors/time-warning.js';

test('the warning names the time left in words a caller reads at a glance', () => {
  assert.equal(timeLeftText(60_000), 'One minute left in this door');
  assert.equal(timeLeftText(120_000), '2 minutes left in this door');
  assert.equal(timeLeftText(1000), 'One second left in this door');
  assert.equal(timeLeftText(30_000), '30 seconds left in this door');
});

test('the warning waits while the door is half-way through an escape sequence or a character', () => {
  const b = (s: string): Buffer => Buffer.from(s, 'latin1');
  for (const s of ['abc', 'x\x1b[1;31m', 'x\x1b7', 'x\x1b(B', 'x\x1b]0;title\x07', '']) assert.equal(endsCleanly(b(s), true), true, JSON.stringify(s));
  for (const s of ['x\x1b', 'x\x1b[', 'x\x1b[1;3', 'x\x1b(', 'x\x1b]0;tit']) assert.equal(endsCleanly(b(s), true), false, JSON.stringify(s));
  const euro = Buffer.from('€', 'utf8');
  assert.equal(endsCleanly(euro, true), true);
  assert.equal(endsCleanly(euro.subarray(0, 2), true), false);
  // For a CP437 door, 0xE2 is a whole character (Γ).
  assert.equal(endsCleanly(euro.subarray(0, 2), false), true);
});
