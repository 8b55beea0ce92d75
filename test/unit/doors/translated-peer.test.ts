import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawOutcome, RawPeer, RawSink } from '../../../src/doors/raw-peer.js';
import { translatedPeer } from '../../../src/doors/translated-peer.js';

/** A peer that records what the board asked of it and lets the test speak for the door. */
function recordingPeer(): RawPeer & { sink?: RawSink; typed: Buffer[]; calls: string[] } {
  const peer: RawPeer & { sink?: RawSink; typed: Buffer[]; calls: string[] } = {
    typed: [],
    calls: [],
    start(sink) {
      peer.sink = sink;
    },
    input: (bytes) => void peer.typed.push(Buffer.from(bytes)),
    resize: (cols, rows) => void peer.calls.push(`resize ${cols}x${rows}`),
    resume: () => void peer.calls.push('resume'),
    stop: (how) => void peer.calls.push(`stop ${how}`),
  };
  return peer;
}

/** A caller's wire that records what reaches it and answers `backlog` to every write. */
function recordingSink(backlog = false): RawSink & { got: Buffer[]; ended?: RawOutcome } {
  const sink: RawSink & { got: Buffer[]; ended?: RawOutcome } = {
    got: [],
    data: (bytes) => (sink.got.push(Buffer.from(bytes)), !backlog),
    end: (outcome) => void (sink.ended = outcome),
  };
  return sink;
}

test('a door and a caller with the same charset get the peer itself, untouched', () => {
  const peer = recordingPeer();
  assert.equal(translatedPeer(peer, 'cp437', 'cp437'), peer);
  assert.equal(translatedPeer(peer, 'utf8', 'utf8'), peer);
});

test("a CP437 door's screen reaches a UTF-8 caller as UTF-8, and the caller's keys reach the door as CP437", () => {
  const door = recordingPeer();
  const peer = translatedPeer(door, 'cp437', 'utf8');
  const caller = recordingSink();
  peer.start(caller);
  assert.equal(door.sink!.data(Buffer.from([0x1b, 0x5b, 0x48, 0xc9, 0xcd, 0xbb])), true);
  assert.equal(Buffer.concat(caller.got).toString('utf8'), '\x1b[H╔═╗');
  peer.input(Buffer.from('é\r', 'utf8').subarray(0, 1));
  assert.equal(door.typed.length, 0, 'half a character is held, not sent');
  peer.input(Buffer.from('é\r', 'utf8').subarray(1));
  assert.deepEqual(Buffer.concat(door.typed), Buffer.from([0x82, 0x0d]));
  peer.resize(100, 30);
  peer.resume();
  peer.stop('hangup');
  assert.deepEqual(door.calls, ['resize 100x30', 'resume', 'stop hangup']);
  door.sink!.end({ how: 'hangup' });
  assert.deepEqual(caller.ended, { how: 'hangup' });
});

test("a UTF-8 door's half character waits for its end, a backlog still reaches the door, and the end flushes what is held", () => {
  const door = recordingPeer();
  const peer = translatedPeer(door, 'utf8', 'cp437');
  const caller = recordingSink(true);
  peer.start(caller);
  const box = Buffer.from('█─', 'utf8');
  assert.equal(door.sink!.data(box.subarray(0, 2)), true, 'nothing was sent, so nothing is backed up');
  assert.equal(caller.got.length, 0);
  assert.equal(door.sink!.data(box.subarray(2, 5)), false, "the caller's backlog reaches the door");
  assert.deepEqual(Buffer.concat(caller.got), Buffer.from([0xdb]));
  door.sink!.end({ how: 'exit', code: 0 });
  assert.deepEqual(Buffer.concat(caller.got), Buffer.from([0xdb, 0x3f]), 'the unfinished ─ comes out as ?');
  assert.deepEqual(caller.ended, { how: 'exit', code: 0 });
});
