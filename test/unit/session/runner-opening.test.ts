import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SystemClock } from '../../../src/session/clock.js';
import { isCallEnded } from '../../../src/session/errors.js';
import type { ScreenRenderer, SessionIO } from '../../../src/session/io.js';
import { Runner, type Conversation } from '../../../src/session/runner.js';
import { silentLogger, type Logger } from '../../../src/logger.js';
import { FakeCaller } from '../../helpers/fake-caller.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';

const screens: ScreenRenderer = {
  render: (name) => `[${name}]`,
  renderInline: (markup) => markup,
};

/** A conversation with an opening, and a record of when each part ran and what the conversation was given. */
function openingConversation(body: (io: SessionIO, first: string) => Promise<void> | void) {
  const seen = { openings: 0, conversations: 0, opened: [] as Array<Promise<string> | undefined>, firstError: undefined as unknown, cleaned: false };
  const conversation: Conversation = async (io, opened) => {
    seen.conversations++;
    seen.opened.push(opened);
    try {
      const first = opened ? await opened : await io.prompt('name?');
      await body(io, first);
    } catch (err) {
      seen.firstError ??= err;
      throw err;
    } finally {
      seen.cleaned = true;
    }
  };
  conversation.opening = (io) => {
    seen.openings++;
    io.screen('banner');
    return { name: 'name?', options: { maxLength: 8 } };
  };
  return { conversation, seen };
}

function makeRunner(conversation: Conversation, log: Logger = silentLogger, idleTimeoutMs = 5000) {
  return new Runner({ conversation, screens, clock: new SystemClock(), log, idleTimeoutMs, loginGraceMs: 60_000 });
}

test('a new call opens with the banner and prompt, and the conversation starts only with the answer, which it is handed', async () => {
  const { conversation, seen } = openingConversation(async (io, first) => {
    io.print(`hello ${first}`);
    await io.prompt('menu?');
    io.exit('bye');
  });
  const runner = makeRunner(conversation);
  const c = FakeCaller.dial(runner);
  await c.expect('[name?]', 'prompt');
  await sleep(10);
  assert.equal(seen.openings, 1);
  assert.equal(seen.conversations, 0, 'a caller at the opening prompt has no conversation yet');
  assert.equal(runner.sessions().length, 1, 'but is online');
  c.send('zed');
  await c.expect('hello zed', 'screen');
  assert.equal(seen.conversations, 1);
  assert.ok(seen.opened[0] instanceof Promise);
  const drawn = c.out.filter((ev) => ev.type === 'prompt' && ev.text === '[name?]').length;
  assert.equal(drawn, 1, 'the opening prompt is drawn once');
  c.send('q');
  await c.expect('[bye]', 'exit');
  await sleep(10);
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('a caller who hangs up at the opening still gets the conversation, which meets the end at the first answer and runs its finally', async () => {
  const { conversation, seen } = openingConversation(() => assert.fail('no answer came'));
  const runner = makeRunner(conversation);
  const c = FakeCaller.dial(runner);
  await c.expect('[name?]', 'prompt');
  const before = c.out.length;
  c.hangup();
  await sleep(10);
  assert.equal(seen.conversations, 1);
  assert.ok(isCallEnded(seen.firstError));
  assert.equal((seen.firstError as { reason: string }).reason, 'hangup');
  assert.ok(seen.cleaned);
  assert.equal(c.out.length, before, 'nothing is written after the wire is gone');
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('a shutdown reaches callers at the opening: each conversation unwinds and the runner waits for it', async () => {
  const { conversation, seen } = openingConversation(() => assert.fail('no answer came'));
  const runner = makeRunner(conversation);
  const callers = [FakeCaller.dial(runner), FakeCaller.dial(runner), FakeCaller.dial(runner)];
  for (const c of callers) await c.expect('[name?]', 'prompt');
  await runner.shutdown(1000);
  for (const c of callers) await c.expect('[shutdown]', 'exit');
  assert.equal(seen.conversations, 3);
  assert.ok(isCallEnded(seen.firstError));
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('a name typed before the call opened answers the opening at once', async () => {
  const { conversation, seen } = openingConversation((io, first) => {
    io.exit('bye', { first });
  });
  const runner = makeRunner(conversation);
  const c = new FakeCaller();
  c.handle = runner.dial({ transport: 'fake', remote: '10.0.0.1', terminal: { ...DEFAULT_TERMINAL }, deliver: (ev) => c.out.push(ev) });
  c.send('early');
  c.handle.input({ type: 'open' });
  await c.expect('[bye]', 'exit');
  assert.equal(seen.conversations, 1);
  assert.equal(await seen.opened[0], 'early');
});

test('a caller who is already known (an SSH key, a re-seat) skips the opening and starts the conversation at once', async () => {
  const { conversation, seen } = openingConversation((io) => io.exit('bye'));
  const runner = makeRunner(conversation);
  const c = FakeCaller.dial(runner, { preauthenticated: { id: 7, name: 'zed', level: 'member' } });
  await c.expect('[name?]', 'prompt');
  assert.equal(seen.openings, 0);
  assert.equal(seen.conversations, 1);
  assert.equal(seen.opened[0], undefined);
  c.send('x');
  await c.expect('[bye]', 'exit');
});

test('an opening that throws ends that call with the error screen, logged, and starts no conversation', async () => {
  const errors: string[] = [];
  const log = { ...silentLogger, error: (msg: string) => errors.push(msg) } as Logger;
  let conversations = 0;
  const conversation: Conversation = () => {
    conversations++;
    return Promise.resolve();
  };
  conversation.opening = () => {
    throw new Error('broken banner');
  };
  const runner = makeRunner(conversation, log);
  const c = FakeCaller.dial(runner);
  await c.expect('[error]', 'exit');
  c.hangup();
  await sleep(10);
  assert.equal(conversations, 0);
  assert.deepEqual(errors, ['conversation crashed']);
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('the opening prompt takes an answer as long as it says, and says where a longer one was cut', async () => {
  const { conversation } = openingConversation((io, first) => {
    io.print(`got ${first}.`);
    io.exit('bye');
  });
  const runner = makeRunner(conversation);
  const c = FakeCaller.dial(runner);
  const prompt = await c.expect('[name?]', 'prompt');
  assert.equal(prompt.type === 'prompt' && prompt.maxLength, 8);
  c.send('abcdefghijkl');
  await c.expect('[line_cut]', 'screen');
  await c.expect('got abcdefgh.', 'screen');
  await c.expect('[bye]', 'exit');
});

test('a caller silent at the opening prompt is warned, then cut off as idle, and the conversation logs that end', async () => {
  const { conversation, seen } = openingConversation(() => assert.fail('no answer came'));
  const runner = makeRunner(conversation, silentLogger, 200);
  const c = FakeCaller.dial(runner);
  await c.expect('[name?]', 'prompt');
  await c.expect('[idle_warning]', 'screen');
  await c.expect('[idle]', 'exit');
  await sleep(10);
  assert.equal(seen.conversations, 1);
  assert.equal((seen.firstError as { reason: string }).reason, 'idle');
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});
