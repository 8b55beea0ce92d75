import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boardHarness } from '../helpers/board-harness.js';

test('the topic prompt takes Q, upper or lower case, back to the area menu', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  zed.send('A');
  await zed.answer('Area number', '1');
  await zed.answer('Post a new topic', 'P');
  await zed.answer('Subject:', 'Hello');
  await zed.expect('Type your message');
  for (const l of ['First.', '.']) zed.send(l);
  await zed.expect(/Message #\d+ posted/);
  for (const q of ['q', 'Q']) {
    await zed.answer('Post a new topic', 'T');
    await zed.answer('Topic number to read, Q or Enter to go back', q);
  }
  await zed.answer('Post a new topic', 'Q');
  await zed.expect('Area number', 'prompt');
  assert.ok(!/There is no topic/.test(zed.text()), 'Q is not taken for a topic number');
  await h.close();
});
