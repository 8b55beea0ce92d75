import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BulkShare } from '../../../src/doors/bulk-share.js';

/** A share on a clock the test moves: 1 MB a second, paced for 5 s after another caller's line. */
function share(bytesPerSecond = 1_000_000, activeMs = 5000): { share: BulkShare; at: (ms: number) => void } {
  let now = 1000;
  return { share: new BulkShare({ bytesPerSecond, activeMs, now: () => now }), at: (ms) => (now = ms) };
}

test('with nobody typing a transfer never waits', () => {
  const { share: s } = share();
  assert.equal(s.pacing('dl'), false);
  for (let i = 0; i < 100; i++) assert.equal(s.charge('dl', 65_536), 0);
});

test('after another caller\'s line, each block waits until the pace has carried it', () => {
  const { share: s } = share();
  s.typed('typist');
  assert.equal(s.pacing('dl'), true);
  // 100 kB at 1 MB/s is 100 ms of the line.
  assert.equal(s.charge('dl', 100_000), 100);
});

test('the keys that started a download do not slow that download, and do slow the others', () => {
  const { share: s } = share();
  s.typed('dl');
  s.typed('dl');
  assert.equal(s.pacing('dl'), false);
  assert.equal(s.charge('dl', 100_000), 0);
  assert.equal(s.pacing('other'), true);
  // Another caller types, then the downloader again: the other's line still counts for the download.
  s.typed('typist');
  s.typed('dl');
  assert.equal(s.pacing('dl'), true);
  assert.equal(s.pacing('typist'), true);
});

test('transfers queue behind each other, so together they keep the one pace', () => {
  const { share: s, at } = share();
  s.typed('typist');
  // Five transfers each send a block at the same moment: the fifth waits for all five.
  const waits = ['a', 'b', 'c', 'd', 'e'].map((call) => s.charge(call, 100_000));
  assert.deepEqual(waits, [100, 200, 300, 400, 500]);
  // The first comes back on its turn and sends again: behind the other four.
  at(1100);
  assert.equal(s.charge('a', 100_000), 500);
});

test('time that passed without a block is not saved up for a burst', () => {
  const { share: s, at } = share();
  s.typed('typist');
  s.charge('dl', 100_000);
  at(3000);
  assert.equal(s.charge('dl', 100_000), 100);
});

test('the pace ends a while after the last line, and starts afresh with the next', () => {
  const { share: s, at } = share();
  s.typed('typist');
  assert.equal(s.charge('dl', 1_000_000), 1000);
  at(5999);
  assert.equal(s.pacing('dl'), true);
  at(6000);
  assert.equal(s.pacing('dl'), false);
  assert.equal(s.charge('dl', 1_000_000), 0);
  s.typed('typist');
  // No debt carried over from the stretch at full speed.
  assert.equal(s.charge('dl', 100_000), 100);
});

test('a rate of 0 turns the pace off, whoever types', () => {
  const { share: s } = share(0);
  s.typed('typist');
  assert.equal(s.pacing('dl'), false);
  assert.equal(s.charge('dl', 65_536), 0);
});

test('a block that comes a little after its turn, as a late timer does, carries on from its turn: the rate holds', () => {
  const { share: s, at } = share();
  s.typed('typist');
  assert.equal(s.charge('dl', 100_000), 100);
  at(1104);
  assert.equal(s.charge('dl', 100_000), 96);
  // Later than a timer's slack: a gap, and the next block starts from now.
  at(1300);
  assert.equal(s.charge('dl', 100_000), 100);
});
