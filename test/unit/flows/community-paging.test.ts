import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';
import { boardHarness } from '../../helpers/in-process-board.js';
import type { FakeCaller } from '../../helpers/fake-caller.js';
import { stripAnsi } from '../../callers/text-stream.js';

const ROWS = 24;
const LINES = 200;
const body = Array.from({ length: LINES }, (_, i) => `line ${String(i + 1).padStart(3, '0')} of the long one`).join('\n');

/** Rows of screen output since event `from`, split at each --More-- prompt. */
function pages(c: FakeCaller, from: number): string[][] {
  const out: string[][] = [[]];
  for (const ev of c.out.slice(from)) {
    if (ev.type === 'prompt' && stripAnsi(ev.text).includes('--More--')) out.push([]);
    else if (ev.type === 'screen') out[out.length - 1]!.push(...stripAnsi(ev.text).split('\n'));
  }
  return out;
}

/** Open the one long topic's thread from the main menu; returns where its output starts in `c.out`. */
async function openThread(c: FakeCaller): Promise<number> {
  c.send('A');
  await c.answer('Area number', '1');
  await c.answer('Post a new topic', 'T');
  await c.answer('Topic number', '1');
  return c.out.indexOf(await c.expect('Thread: The long one')) + 1;
}

test('a 200-line message on a 24-row terminal pages a screenful at a time, in order, to the end', async () => {
  const h = await boardHarness({ limits: { messageLines: 250 } });
  const c = await h.register('Zed', { terminal: { ...DEFAULT_TERMINAL, rows: ROWS } });
  const zed = (await h.store.users.findByName('Zed'))!;
  await h.store.publicMessages.postMessage({ authorId: zed.id, body, at: new Date(), area: 'general', subject: 'The long one' });
  const start = await openThread(c);
  let mores = 0;
  for (;;) {
    const ev = await c.expect(/--More--|next in thread/, 'prompt');
    if (ev.type === 'prompt' && stripAnsi(ev.text).includes('next in thread')) break;
    mores++;
    c.send('');
  }
  const shown = pages(c, start);
  for (const [i, page] of shown.entries()) {
    assert.ok(page.length <= ROWS - 2, `page ${i + 1} holds ${page.length} rows, more than a ${ROWS}-row screen leaves above --More--`);
  }
  const lines = shown.flat().filter((r) => r.startsWith('line '));
  assert.deepEqual(lines, body.split('\n'), 'every line once, in order');
  assert.ok(mores >= Math.floor(LINES / (ROWS - 2)), `${mores} --More-- prompts for ${LINES} lines`);
  await h.close();
});

test('the long message can be quit at any page, and the reader prompt follows at once', async () => {
  const h = await boardHarness({ limits: { messageLines: 250 } });
  const c = await h.register('Zed', { terminal: { ...DEFAULT_TERMINAL, rows: ROWS } });
  const zed = (await h.store.users.findByName('Zed'))!;
  await h.store.publicMessages.postMessage({ authorId: zed.id, body, at: new Date(), area: 'general', subject: 'The long one' });
  const totalPages = Math.ceil((LINES + 3) / (ROWS - 2));
  for (let quitAt = 1; quitAt < totalPages; quitAt++) {
    const start = await openThread(c);
    for (let page = 1; page < quitAt; page++) await c.answer('--More--', '');
    await c.answer('--More--', 'q');
    const after = await c.expect(/./, 'prompt');
    assert.match(after.type === 'prompt' ? stripAnsi(after.text) : '', /next in thread/, `after q on page ${quitAt} the reader asks what next`);
    const seen = pages(c, start).flat().filter((r) => r.startsWith('line '));
    assert.ok(seen.length > 0 && seen.length < LINES, `stopped part way (page ${quitAt}: ${seen.length} lines)`);
    assert.equal(seen.length, Math.min(quitAt * (ROWS - 2) - 3, LINES), `exactly ${quitAt} page(s) were shown`);
    c.send('Q');
    await c.answer('Topic number', '');
    await c.answer('Post a new topic', 'Q');
    await c.answer('Area number', '');
    await c.expect('MAIN MENU', 'prompt');
  }
  await h.close();
});
