import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge, START, step, TURN_SECONDS } from '../../../doors/lander/physics.js';

test('burn 3 all but hovers; 0 falls faster; 9 brakes', () => {
  assert.ok(Math.abs(step(START, 3).velocity - START.velocity) < 0.1);
  assert.ok(step(START, 0).velocity > START.velocity);
  assert.ok(step(START, 9).velocity < START.velocity);
  assert.equal(step(START, 9).fuel, START.fuel - 9 * TURN_SECONDS);
});

test('touchdown is found inside the turn: altitude 0, the speed and time at that moment', () => {
  const near = { ...START, altitude: 10, velocity: 5 };
  const after = step(near, 0);
  assert.equal(after.landed, true);
  assert.equal(after.altitude, 0);
  // 10 = 5t + 0.81t² → t = (√57.4 − 5) / 1.62 ≈ 1.5903; v = 5 + 1.62t
  assert.ok(Math.abs(after.seconds - 1.5903) < 1e-3, String(after.seconds));
  assert.ok(Math.abs(after.velocity - (5 + 1.62 * after.seconds)) < 1e-9);
  assert.deepEqual(step(after, 9), after, 'a landed lander stays put');
});

test('an empty tank burns nothing, whatever the pilot asks', () => {
  const dry = step({ ...START, fuel: 0 }, 9);
  assert.equal(dry.velocity, step(START, 0).velocity);
  assert.equal(dry.fuel, 0);
});

test('the verdict: slow is perfect, fuel saved scores, fast is a crater worth nothing', () => {
  const landed = { ...START, altitude: 0, landed: true };
  assert.deepEqual(judge({ ...landed, velocity: 1, fuel: 10 }), { landing: 'perfect', score: 950 });
  assert.deepEqual(judge({ ...landed, velocity: 4, fuel: 10 }), { landing: 'good', score: 450 });
  assert.deepEqual(judge({ ...landed, velocity: 8, fuel: 10 }), { landing: 'hard', score: 120 });
  assert.deepEqual(judge({ ...landed, velocity: 30, fuel: 10 }), { landing: 'crash', score: 0 });
});
