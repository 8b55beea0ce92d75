import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../../src/session/clock.js';
import { isCallEnded } from '../../../src/session/errors.js';
import type { ScreenRenderer } from '../../../src/session/io.js';
import { Runner, type Conversation } from '../../../src/session/runner.js';
import { silentLogger } from '../../../src/logger.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';
import { FakeCaller } from '../../helpers/fake-caller.js';
import { setTimeout as sleep } from 'node:timers/promises';

const screens: ScreenRenderer = {
  render: (name, vars) => `[${name}]${Object.keys(vars).length ? ' ' + JSON.stringify(vars) : ''}`,
  renderInline: (markup) => markup,
};

function makeRunner(conversation: Conversation, patch: { idleTimeoutMs?: number; loginGraceMs?: number; typeAheadLimit?: number } = {}) {
  const clock = new SystemClock();
  const runner = new Runner({ conversation, screens, clock, log: silentLogger, idleTimeoutMs: 5000, loginGraceMs: 60_000, ...patch });
  return { runner, clock };
}

const settle = (ms = 10) => sleep(ms);

test('a conversation reads like a script: prompts wait for lines', async () => {
  const { runner } = makeRunner(async (io) => {
    const name = await io.ask('name?');
    const pw = await io.ask('password?', { mode: 'secret' });
    io.print(`hello ${name} (${pw.length})`);
    io.exit('bye');
  });
  const c = FakeCaller.dial(runner);
  await c.answer('name?', 'zed');
  const secret = await c.expect('password?', 'prompt');
  assert.equal(secret.type === 'prompt' && secret.mode, 'secret');
  c.send('hunter2');
  await c.expect('hello zed (7)', 'screen');
  await c.expect('[bye]', 'exit');
  await settle();
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('hangup rejects the pending prompt, runs finally blocks and end hooks, and writes nothing more', async () => {
  let cleaned = false;
  let hooked = false;
  let rejection: unknown;
  const { runner } = makeRunner(async (io) => {
    io.onEnd(() => (hooked = true));
    try {
      await io.ask('waiting');
    } catch (err) {
      rejection = err;
      throw err;
    } finally {
      cleaned = true;
    }
  });
  const c = FakeCaller.dial(runner);
  await c.expect('waiting', 'prompt');
  const before = c.out.length;
  c.hangup();
  await settle();
  assert.ok(isCallEnded(rejection));
  assert.equal((rejection as { reason: string }).reason, 'hangup');
  assert.ok(cleaned && hooked);
  assert.equal(c.out.length, before, 'nothing is written after the wire is gone');
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('an idle caller is cut off with an exit screen that says why', async () => {
  const { runner } = makeRunner(async (io) => {
    await io.ask('say something');
    io.print('never');
  }, { idleTimeoutMs: 40 });
  const c = FakeCaller.dial(runner);
  await c.expect('[idle]', 'exit', 1000);
  await settle();
  assert.ok(!c.text().includes('never'));
  assert.equal(c.out.filter((e) => e.type === 'exit').length, 1);
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('the idle limit runs from each prompt: work between prompts is never cut off, and each answer starts the limit afresh', async () => {
  const { runner } = makeRunner(async (io) => {
    await io.ask('first');
    await settle(120); // longer than the limit, but the board is busy, not waiting for the caller
    io.print('still here');
    for (let i = 0; i < 4; i++) await io.ask(`again ${i}`);
    await io.ask('last');
    io.print('never');
  }, { idleTimeoutMs: 60 });
  const c = FakeCaller.dial(runner);
  await c.answer('first', 'a');
  await c.expect('still here', 'screen', 1000);
  // Answers 40 ms apart, each inside the limit, add up to more than it.
  for (let i = 0; i < 4; i++) {
    await c.expect(`again ${i}`, 'prompt', 1000);
    await settle(40);
    c.send('b');
  }
  await c.expect('[idle]', 'exit', 1000);
  await settle();
  assert.ok(!c.text().includes('never'));
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('a caller who never logs in is cut off at the grace time', async () => {
  const { runner } = makeRunner(async (io) => {
    for (;;) await io.ask('name?');
  }, { loginGraceMs: 40 });
  const c = FakeCaller.dial(runner);
  c.send('x');
  c.send('y');
  await c.expect('[login_grace]', 'exit', 1000);
  await settle();
  assert.equal(runner.stats().sessions, 0);
});

test('a caller at the name prompt holds one timer for both the login grace and the idle limit', async () => {
  const { runner } = makeRunner(async (io) => {
    for (;;) await io.ask('name?');
  }, { idleTimeoutMs: 60_000, loginGraceMs: 30_000 });
  const c = FakeCaller.dial(runner);
  await c.expect('name?', 'prompt');
  assert.equal(runner.stats().timers, 1);
  c.hangup();
  await settle();
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('a caller who logs in inside the grace time is not cut off at it, and the idle limit still runs from their prompt', async () => {
  const { runner } = makeRunner(async (io) => {
    await io.ask('name?');
    io.login({ id: 1, name: 'zed', level: 'member' });
    io.print('welcome');
    await io.ask('menu');
    io.print('never');
  }, { idleTimeoutMs: 240, loginGraceMs: 60 });
  const c = FakeCaller.dial(runner);
  await c.answer('name?', 'zed');
  await c.expect('menu', 'prompt', 1000);
  // Past the grace time, inside the idle limit: the call is still up.
  await settle(120);
  assert.ok(!c.out.some((e) => e.type === 'exit'), 'the grace time does not apply once logged in');
  await c.expect('[idle_warning]', 'screen', 1000);
  await c.expect('[idle]', 'exit', 1000);
  await settle();
  assert.ok(!c.text().includes('never'));
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('an idle limit shorter than the login grace cuts off a quiet caller before the grace time', async () => {
  const { runner } = makeRunner(async (io) => {
    await io.ask('name?');
  }, { idleTimeoutMs: 60, loginGraceMs: 60_000 });
  const c = FakeCaller.dial(runner);
  await c.expect('[idle]', 'exit', 1000);
  await settle();
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('a crash ends only that call, with the error screen and nothing else', async () => {
  const { runner } = makeRunner(async (io) => {
    const line = await io.ask('go');
    if (line === 'boom') throw new Error('kaboom');
    io.exit('bye');
  });
  const crashing = FakeCaller.dial(runner);
  const fine = FakeCaller.dial(runner);
  await crashing.answer('go', 'boom');
  await crashing.expect('[error]', 'exit');
  await settle();
  assert.ok(!crashing.text().includes('kaboom'), 'internals are not shown to the caller');
  await fine.answer('go', 'ok');
  await fine.expect('[bye]', 'exit');
});

test('type-ahead is queued in order and bounded', async () => {
  const got: string[] = [];
  const { runner } = makeRunner(async (io) => {
    await io.pause(30);
    for (let i = 0; i < 4; i++) got.push(await io.ask(`q${i}`));
    io.print('queue drained');
    got.push(await io.ask('last'));
    io.exit('bye');
  }, { typeAheadLimit: 3 });
  const c = FakeCaller.dial(runner);
  for (const l of ['a', 'b', 'c', 'd', 'e']) c.send(l);
  await c.expect('q3', 'prompt');
  c.send('f');
  await c.expect('queue drained');
  c.send('g');
  await c.expect('[bye]', 'exit');
  assert.deepEqual(got, ['a', 'b', 'c', 'f', 'g']);
});

test('a footer is drawn over the pchar, from the screen as it stands at each prompt, and only where asked for', async () => {
  let clock = '10:00';
  const footed: ScreenRenderer = {
    render: (name, vars) => (name === 'foot' ? `zed · ${clock}${vars.tail === 'yes' ? '\n' : ''}` : name === 'blank' ? '' : `[${name}]`),
    renderInline: (markup) => markup,
  };
  const runner = new Runner({
    conversation: async (io) => {
      await io.ask('menu', { footer: 'foot' });
      await io.ask('menu', { footer: 'foot', pchar: '# ' });
      await io.ask('menu', { footer: 'foot', vars: { tail: 'yes' } });
      await io.ask('menu', { footer: 'blank' });
      await io.ask('plain');
      io.exit('bye');
    },
    screens: footed,
    clock: new SystemClock(),
    log: silentLogger,
    idleTimeoutMs: 5000,
    loginGraceMs: 60_000,
  });
  const c = FakeCaller.dial(runner);
  const pcharOf = async (text: string): Promise<string> => {
    const e = await c.expect(text, 'prompt');
    return e.type === 'prompt' ? e.pchar : '';
  };
  assert.equal(await pcharOf('menu'), 'zed · 10:00\n|15> |07', 'the footer, a line end, the default pchar');
  clock = '10:01';
  c.send('x');
  await settle();
  const prompts = c.out.filter((e) => e.type === 'prompt');
  assert.equal(prompts.at(-1)!.type === 'prompt' && prompts.at(-1)!.pchar, 'zed · 10:01\n# ', 'drawn afresh, over the pchar asked for');
  c.send('x');
  await settle();
  const third = c.out.filter((e) => e.type === 'prompt').at(-1)!;
  assert.equal(third.type === 'prompt' && third.pchar, 'zed · 10:01\n|15> |07', 'a footer that ends its line gets no second line end');
  c.send('x');
  await settle();
  const fourth = c.out.filter((e) => e.type === 'prompt').at(-1)!;
  assert.equal(fourth.type === 'prompt' && fourth.pchar, '|15> |07', 'an empty footer adds nothing');
  c.send('x');
  assert.equal(await pcharOf('plain'), '|15> |07', 'no footer unless asked for');
  c.send('x');
  await c.expect('[bye]', 'exit');
});

test('answers are cut to the prompt length cap', async () => {
  let answer = '';
  const { runner } = makeRunner(async (io) => {
    answer = await io.ask('short', { maxLength: 5 });
  });
  const c = FakeCaller.dial(runner);
  await c.answer('short', 'abcdefghij');
  await c.expect('[goodbye]', 'exit');
  assert.equal(answer, 'abcde');
});

test('shutdown says goodbye to every caller', async () => {
  const { runner } = makeRunner(async (io) => {
    for (;;) await io.ask('menu');
  });
  const callers = Array.from({ length: 5 }, () => FakeCaller.dial(runner));
  for (const c of callers) await c.expect('menu', 'prompt');
  await runner.shutdown(500);
  for (const c of callers) await c.expect('[shutdown]', 'exit');
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
});

test('1,000 callers who connect and vanish at random points leave nothing behind', async () => {
  const baselineTimeouts = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const { runner } = makeRunner(async (io) => {
    io.onEnd(() => {});
    io.onEnd(() => {});
    const name = await io.ask('name');
    io.screen('hello', { name });
    for (let i = 0; i < 5; i++) {
      const l = await io.ask(`step ${i}`);
      if (l === 'crash') throw new Error('crash');
      if (l === 'exit') io.exit('bye');
      if (l === 'nap') await io.pause(5);
    }
  });
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const callers: FakeCaller[] = [];
  for (let i = 0; i < 1000; i++) {
    const c = FakeCaller.dial(runner);
    callers.push(c);
    const steps = rand(8);
    for (let s = 0; s < steps; s++) c.send(['x', 'crash', 'exit', 'nap', 'y'][rand(5)]!);
    if (rand(3) > 0) c.hangup();
    else if (rand(2) === 0) setTimeout(() => c.hangup(), rand(20));
    if (i % 100 === 0) await settle(1);
  }
  await settle(60);
  // Those still sitting at a prompt hang up now.
  for (const c of callers) c.hangup();
  await settle(30);
  assert.deepEqual(runner.stats(), { sessions: 0, timers: 0, endHooks: 0 });
  const timeouts = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  assert.ok(timeouts <= baselineTimeouts, `timers left behind: ${timeouts - baselineTimeouts}`);
});

test('a re-seated call: the draft comes back in the session, only the first prompt says whether it is the one the caller was at, and a saved draft is told on', async () => {
  const draft = { kind: 'mail' as const, recipientId: 3, subject: null, lines: ['so far'], quoted: 0 };
  const told: unknown[] = [];
  let seen: unknown = null;
  const conversation: Conversation = async (io) => {
    seen = io.session.draft;
    await io.ask('line 2', { resumes: true });
    io.saveDraft({ ...draft, lines: ['so far', 'more'] });
    await io.ask('line 3', { resumes: true });
    io.exit('bye');
  };
  const clock = new SystemClock();
  const runner = new Runner({ conversation, screens, clock, log: silentLogger, idleTimeoutMs: 5000, loginGraceMs: 60_000, onSessionChange: (s) => told.push(s.draft) });
  const c = new FakeCaller();
  c.handle = runner.dial({ transport: 'fake', remote: '10.9.8.7', terminal: { ...DEFAULT_TERMINAL }, deliver: (ev) => c.out.push(ev) }, { resumeAt: 'send', draft });
  c.handle.input({ type: 'open' });
  const first = await c.expect('line 2', 'prompt');
  assert.deepEqual(seen, draft);
  assert.equal(first.type === 'prompt' && first.moved, 'same');
  c.send('x');
  const second = await c.expect('line 3', 'prompt');
  assert.equal(second.type === 'prompt' && second.moved, undefined);
  assert.deepEqual(told.at(-1), { ...draft, lines: ['so far', 'more'] });
  c.send('y');
  await c.expect('[bye]', 'exit');
});

test('a re-seated call whose first prompt is not the one the caller was at says so', async () => {
  const { runner } = makeRunner(async (io) => {
    await io.ask('menu');
  });
  const c = new FakeCaller();
  c.handle = runner.dial({ transport: 'fake', remote: '10.9.8.7', terminal: { ...DEFAULT_TERMINAL }, deliver: (ev) => c.out.push(ev) }, { resumeAt: 'read' });
  c.handle.input({ type: 'open' });
  const first = await c.expect('menu', 'prompt');
  assert.equal(first.type === 'prompt' && first.moved, 'other');
  c.hangup();
});
