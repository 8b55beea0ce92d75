import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { corkForTick } from '../../../src/transports/cork-for-tick.js';

/** Records each hand-off to the "kernel": one entry per write or writev call. */
function recorder(): { stream: Writable; calls: string[][] } {
  const calls: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      calls.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      calls.push(chunks.map((c) => String(c.chunk)));
      done();
    },
  });
  return { stream, calls };
}

const endOfTick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

test('writes made in one tick leave in one writev at the end of it', async () => {
  const { stream, calls } = recorder();
  for (const part of ['clear', 'screen', 'prompt']) {
    corkForTick(stream);
    stream.write(part);
  }
  assert.equal(calls.length, 0, 'held while the tick runs');
  await endOfTick();
  assert.deepEqual(calls, [['clear', 'screen', 'prompt']]);
  assert.equal(stream.writableCorked, 0);
});

test('writes made from promise callbacks of one input still leave together', async () => {
  const { stream, calls } = recorder();
  const say = async (text: string): Promise<void> => {
    await Promise.resolve();
    corkForTick(stream);
    stream.write(text);
  };
  await new Promise<void>((resolve) =>
    setImmediate(() => {
      void say('a').then(() => say('b')).then(() => say('c')).then(resolve);
    }),
  );
  await endOfTick();
  assert.deepEqual(calls, [['a', 'b', 'c']]);
});

test('the next tick starts a new batch', async () => {
  const { stream, calls } = recorder();
  corkForTick(stream);
  stream.write('one');
  await endOfTick();
  corkForTick(stream);
  stream.write('two');
  await endOfTick();
  assert.deepEqual(calls, [['one'], ['two']]);
});

test('ending or destroying a corked stream does not trip the uncork', async () => {
  const ended = recorder();
  corkForTick(ended.stream);
  ended.stream.write('bye');
  ended.stream.end();
  await endOfTick();
  assert.deepEqual(ended.calls.flat(), ['bye'], 'end() flushes what was held');

  const destroyed = recorder();
  corkForTick(destroyed.stream);
  destroyed.stream.write('lost');
  destroyed.stream.destroy();
  await endOfTick();
  corkForTick(destroyed.stream);
  assert.equal(destroyed.stream.writableCorked, 0, 'a destroyed stream is left alone');
});
