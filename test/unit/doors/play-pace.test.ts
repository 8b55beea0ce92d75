import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { BulkShare } from '../../../src/doors/bulk-share.js';
import { Play } from '../../../src/doors/play.js';
import type { RawPeer, RawSink } from '../../../src/doors/raw-peer.js';
import type { RawTerminal } from '../../../src/session/caller.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';

/** A door that only counts how often the play asks it to read again. */
class CountingPeer implements RawPeer {
  sink: RawSink | null = null;
  resumed: number[] = [];
  keys = 0;
  start(sink: RawSink): void {
    this.sink = sink;
  }
  input(bytes: Uint8Array): void {
    this.keys += bytes.length;
  }
  resize(): void {}
  resume(): void {
    this.resumed.push(performance.now());
  }
  stop(): void {
    this.sink?.end({ how: 'ended' });
  }
}

/** A caller's terminal with all the room in the world: only the pace can make the door wait. */
function roomyTerminal(): RawTerminal {
  return { terminal: DEFAULT_TERMINAL, write: () => true, writable: true, close: () => {} };
}

/** A door played by `call`, paced by `share` (1 MB a second while someone else types). */
function pacedPlay(share: BulkShare, call: string): { play: Play; peer: CountingPeer; keys: (text: string) => void } {
  const play = new Play({ door: 'flood', title: 'Flood', userId: 1, userName: 'Flo', encoding: 'utf8' });
  let listener: { bytes: (b: Uint8Array) => void } | null = null;
  play.takeSeat((l) => {
    listener = l;
    return roomyTerminal();
  });
  play.pace = { share, call, typed: () => share.typed(call) };
  const peer = new CountingPeer();
  play.start(peer, null);
  return { play, peer, keys: (text) => listener!.bytes(Buffer.from(text)) };
}

/** The pace at 1 MB a second; on a clock that stands still, when given one, so what is owed is exact. */
const share = (now?: () => number): BulkShare => new BulkShare({ bytesPerSecond: 1_000_000, activeMs: 60_000, ...(now ? { now } : {}) });

test('with nobody else typing a door is read as fast as its caller takes it', () => {
  const s = share();
  const { play } = pacedPlay(s, 'door');
  // Below a turn's slice every read is taken at once.
  for (let i = 0; i < 3; i++) assert.equal(play.data(Buffer.alloc(4096)), true);
  play.stop('ended');
});

test('while another caller types, a flooding door waits until the pace has carried what it sent', async () => {
  const s = share();
  const { play, peer } = pacedPlay(s, 'door');
  s.typed('typist');
  const sent = performance.now();
  // 100 kB at 1 MB/s: 100 ms of the board's line for doors.
  assert.equal(play.data(Buffer.alloc(100_000)), false);
  await sleep(50);
  assert.deepEqual(peer.resumed, [], 'not read again before its turn');
  await sleep(90);
  assert.equal(peer.resumed.length, 1, 'read again once its turn came');
  assert.ok(peer.resumed[0]! - sent >= 99, `after ${(peer.resumed[0]! - sent).toFixed(1)} ms`);
  play.stop('ended');
});

test('small reads go on until a slice of the line is owed, then the door waits', () => {
  const s = share(() => 1000);
  const { play } = pacedPlay(s, 'door');
  s.typed('typist');
  // 1 kB is a millisecond at this pace: taken at once until about eight are owed.
  const answers = Array.from({ length: 12 }, () => play.data(Buffer.alloc(1000)));
  assert.deepEqual(answers.slice(0, 7), Array(7).fill(true));
  assert.equal(answers.indexOf(false), 7);
  play.stop('ended');
});

test("a caller's own keys never slow their door, and do slow the others'", () => {
  const s = share();
  const flood = pacedPlay(s, 'door');
  const other = pacedPlay(s, 'other');
  flood.keys('q');
  assert.equal(flood.peer.keys, 1, 'the key reached the door');
  assert.equal(flood.play.data(Buffer.alloc(10_000)), true);
  assert.equal(other.play.data(Buffer.alloc(10_000)), false);
  flood.play.stop('ended');
  other.play.stop('ended');
});

test('a play with no pace is never held by it', () => {
  const s = share();
  const { play } = pacedPlay(s, 'door');
  play.pace = null;
  s.typed('typist');
  assert.equal(play.data(Buffer.alloc(10_000)), true);
  play.stop('ended');
});

test("a transfer's input is its protocol's, not typing: it reaches the peer and holds nobody's output", () => {
  const s = share();
  const transfer = pacedPlay(s, 'uploader');
  transfer.play.pace = { share: s, call: 'uploader' };
  const door = pacedPlay(s, 'door');
  transfer.keys('ZMODEM blocks');
  assert.equal(transfer.peer.keys, 'ZMODEM blocks'.length, 'the bytes reached the peer');
  assert.equal(door.play.data(Buffer.alloc(10_000)), true, 'a flooding door is not held');
  // Someone typing at a menu holds the transfer's own output to its pace.
  s.typed('typist');
  assert.equal(transfer.play.data(Buffer.alloc(10_000)), false);
  transfer.play.stop('ended');
  door.play.stop('ended');
});
