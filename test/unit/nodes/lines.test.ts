import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lines } from '../../../src/nodes/lines.js';
import { seededRandom } from '../../helpers/seeded-random.js';

test('callers get the lowest free line, a freed line is the next given, and a full node says so', () => {
  const lines = new Lines(3);
  assert.deepEqual([lines.claim(), lines.claim(), lines.claim()], [1, 2, 3]);
  assert.equal(lines.claim(), null);
  assert.equal(lines.free, 0);
  lines.release(2);
  assert.equal(lines.inUse, 2);
  assert.equal(lines.claim(), 2);
  lines.release(1);
  lines.release(3);
  assert.equal(lines.claim(), 1);
  assert.equal(lines.claim(), 3);
  assert.equal(lines.claim(), null);
});

test('releasing a line that is not taken, or one that does not exist, changes nothing', () => {
  const lines = new Lines(4);
  lines.claim();
  for (const stray of [2, 0, -1, 5, 1.5, Number.NaN]) lines.release(stray);
  assert.equal(lines.inUse, 1);
  lines.release(1);
  lines.release(1);
  assert.equal(lines.inUse, 0);
  assert.equal(lines.free, 4);
  assert.equal(lines.claim(), 1);
});

test('random claims and releases give the same lines as a plain set searched from line 1', () => {
  const rand = seededRandom(7);
  const total = 50;
  const lines = new Lines(total);
  const model = new Set<number>();
  for (let step = 0; step < 20_000; step++) {
    if (rand(3) === 0 && model.size > 0) {
      const held = [...model];
      const line = held[rand(held.length)]!;
      model.delete(line);
      lines.release(line);
    } else {
      let expected: number | null = null;
      for (let line = 1; line <= total; line++)
        if (!model.has(line)) {
          expected = line;
          break;
        }
      if (expected !== null) model.add(expected);
      assert.equal(lines.claim(), expected, `step ${step}`);
    }
    assert.equal(lines.inUse, model.size);
    assert.equal(lines.free, total - model.size);
  }
});
