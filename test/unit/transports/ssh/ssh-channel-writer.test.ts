import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { ChannelWriter } from '../../../../src/transports/ssh/channel-writer.js';

/** A channel whose window the test opens and closes, like a client that reads or does not. */
class FakeChannel extends EventEmitter {
  written: Buffer[] = [];
  full = false;
  write(chunk: Buffer): boolean {
    this.written.push(chunk);
    return !this.full;
  }
  drain(): void {
    this.full = false;
    this.emit('drain');
  }
  text(): string {
    return Buffer.concat(this.written).toString();
  }
}

const endOfTick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

test('writes made in one tick reach the channel together at the end of it', async () => {
  const ch = new FakeChannel();
  const w = new ChannelWriter(ch, { maxQueuedBytes: 100, onOverflow: () => assert.fail('no overflow') });
  w.write(Buffer.from('a'));
  w.write(Buffer.from('b'));
  assert.equal(ch.written.length, 0, 'nothing leaves mid-tick');
  await endOfTick();
  assert.deepEqual(ch.written.map(String), ['ab'], 'one channel write for the tick');
  assert.equal(w.queued, 0);
  w.write(Buffer.from('c'));
  await endOfTick();
  assert.deepEqual(ch.written.map(String), ['ab', 'c']);
});

test('the goodbye waits for output still held for the end of the tick', async () => {
  const ch = new FakeChannel();
  const w = new ChannelWriter(ch, { maxQueuedBytes: 100, onOverflow: () => assert.fail('no overflow') });
  let flushed = false;
  w.whenFlushed(() => (flushed = true));
  assert.equal(flushed, true, 'nothing pending: at once');
  flushed = false;
  w.write(Buffer.from('bye'));
  w.whenFlushed(() => {
    flushed = true;
    assert.equal(ch.text(), 'bye', 'the output is out before the goodbye');
  });
  assert.equal(flushed, false);
  await endOfTick();
  assert.equal(flushed, true);
});

test('after write returns false, output waits for drain and then goes out in order', async () => {
  const ch = new FakeChannel();
  const w = new ChannelWriter(ch, { maxQueuedBytes: 100, onOverflow: () => assert.fail('no overflow') });
  ch.full = true;
  w.write(Buffer.from('1'));
  await endOfTick();
  w.write(Buffer.from('2'));
  w.write(Buffer.from('3'));
  await endOfTick();
  assert.equal(ch.text(), '1', 'only the write that filled the window reached the channel');
  assert.equal(w.queued, 2);
  let flushed = false;
  w.whenFlushed(() => (flushed = true));
  assert.equal(flushed, false);
  ch.drain();
  assert.equal(ch.text(), '123');
  assert.equal(w.queued, 0);
  assert.equal(flushed, true, 'the goodbye waits until everything before it is out');
});

test('a window that fills again on the queued output waits for the next drain', async () => {
  const ch = new FakeChannel();
  const w = new ChannelWriter(ch, { maxQueuedBytes: 100, onOverflow: () => assert.fail('no overflow') });
  ch.full = true;
  w.write(Buffer.from('a'));
  await endOfTick();
  w.write(Buffer.from('b'));
  let flushed = false;
  w.whenFlushed(() => (flushed = true));
  // The window opens a little: the queued write fills it again.
  ch.emit('drain');
  assert.equal(ch.text(), 'ab');
  assert.equal(flushed, false, 'still waiting on the window');
  w.write(Buffer.from('c'));
  await endOfTick();
  assert.equal(ch.text(), 'ab', 'held until the window opens');
  ch.drain();
  assert.equal(ch.text(), 'abc');
  assert.equal(flushed, true);
});

test('a caller who stops reading is dropped once the queue would pass its limit, and nothing more is kept', async () => {
  const ch = new FakeChannel();
  let overflows = 0;
  const w = new ChannelWriter(ch, { maxQueuedBytes: 1024, onOverflow: () => overflows++ });
  ch.full = true;
  w.write(Buffer.alloc(10));
  await endOfTick();
  for (let i = 0; i < 10; i++) w.write(Buffer.alloc(100));
  assert.equal(overflows, 0);
  assert.equal(w.queued, 1000);
  w.write(Buffer.alloc(100));
  assert.equal(overflows, 1);
  assert.ok(w.overflowed);
  assert.equal(w.queued, 0, 'the queue is released');
  w.write(Buffer.alloc(100));
  assert.equal(overflows, 1, 'told once');
  let flushed = false;
  w.whenFlushed(() => (flushed = true));
  ch.drain();
  await endOfTick();
  assert.equal(flushed, false, 'no goodbye is written to a caller who was dropped');
  assert.equal(ch.written.length, 1);
});
