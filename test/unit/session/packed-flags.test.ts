import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packFlags } from '../../../src/session/packed-flags.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;

class Packed {
  flags = 0;
  declare a: boolean;
  declare b: boolean;
  declare c: boolean;
  declare d: boolean;
  declare e: boolean;
  declare f: boolean;
  declare g: boolean;
}
packFlags(Packed.prototype, NAMES);

test('packed flags start false and each one changes alone, in every object apart', () => {
  const one = new Packed();
  const two = new Packed();
  for (const name of NAMES) assert.equal(one[name], false);
  one.c = true;
  assert.deepEqual(NAMES.filter((n) => one[n]), ['c']);
  assert.equal(two.c, false);
  one.c = true;
  one.g = true;
  one.c = false;
  assert.deepEqual(NAMES.filter((n) => one[n]), ['g']);
  // They are accessors on the prototype, not fields of their own: the object holds one number.
  assert.deepEqual(Object.keys(one), ['flags']);
});

test('random sets and clears read back as a plain record of booleans would', () => {
  const rand = seededRandom(11);
  const packed = new Packed();
  const plain: Record<string, boolean> = Object.fromEntries(NAMES.map((n) => [n, false]));
  for (let step = 0; step < 5000; step++) {
    const name = NAMES[rand(NAMES.length)]!;
    const on = rand(2) === 1;
    packed[name] = on;
    plain[name] = on;
    for (const n of NAMES) assert.equal(packed[n], plain[n], `step ${step}, ${n}`);
  }
});

test('more flags than a small integer holds are refused', () => {
  const names = Array.from({ length: 31 }, (_, i) => `f${i}`);
  assert.throws(() => packFlags(class {}.prototype, names), /at most 30/);
  assert.doesNotThrow(() => packFlags(class {}.prototype, names.slice(0, 30)));
});
