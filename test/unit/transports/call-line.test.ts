import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { CallerPort, Exchange } from '../../../src/session/caller.js';
import { DEFAULT_TERMINAL, type InputEvent, type OutputEvent } from '../../../src/session/events.js';
import { silentLogger } from '../../../src/logger.js';
import { CallLine, type LineSettings } from '../../../src/transports/call-line.js';

/** An exchange that records what each call hears, and a wire that records what the line asked of it. */
function rig(opts: Partial<LineSettings> = {}) {
  const heard: InputEvent[] = [];
  const wire: string[] = [];
  let port: CallerPort | undefined;
  const exchange: Exchange = {
    dial(caller) {
      port = caller;
      return { id: 'call-1', input: (ev) => heard.push(ev) };
    },
  };
  const line = new CallLine({ exchange, log: silentLogger, name: 'test', graceMs: 2000, ...opts }, '127.0.0.1', {
    render: (ev) => wire.push(`render ${ev.type}`),
    finish: (reason, exit) => wire.push(`finish ${reason}${exit ? ' (exit)' : ''}`),
    cut: () => wire.push('cut'),
  });
  const place = () => line.place({ transport: 'test', remote: '127.0.0.1', terminal: DEFAULT_TERMINAL });
  const hangups = () => heard.filter((e) => e.type === 'hangup');
  return { line, heard, wire, place, hangups, deliver: (ev: OutputEvent) => port!.deliver(ev) };
}

const EXIT: OutputEvent = { type: 'exit', text: 'bye' };

void test('input typed before the call is placed reaches it in order, after the open', () => {
  const r = rig();
  r.line.input({ type: 'line', text: 'one' });
  r.line.input({ type: 'resize', cols: 100, rows: 30 });
  r.line.input({ type: 'line', text: 'two' });
  assert.deepEqual(r.heard, []);
  r.place();
  assert.deepEqual(r.heard, [{ type: 'open' }, { type: 'line', text: 'one' }, { type: 'resize', cols: 100, rows: 30 }, { type: 'line', text: 'two' }]);
  r.line.input({ type: 'line', text: 'three' });
  assert.deepEqual(r.heard.at(-1), { type: 'line', text: 'three' });
});

void test('input held before placing is bounded', () => {
  const r = rig({ maxEarlyInput: 3 });
  for (let i = 0; i < 10; i++) r.line.input({ type: 'line', text: String(i) });
  r.place();
  assert.deepEqual(
    r.heard.map((e) => (e.type === 'line' ? e.text : e.type)),
    ['open', '0', '1', '2'],
  );
});

const ENDINGS: Record<string, (r: ReturnType<typeof rig>) => void> = {
  'socket close': (r) => r.line.closed(),
  exit: (r) => r.deliver(EXIT),
  'not reading': (r) => r.line.notReading(9999),
  fault: (r) =>
    r.line.guard(() => {
      throw new Error('codec broke');
    }),
  shutdown: (r) => r.line.end('shutdown'),
  'hang up now': (r) => r.line.hangUp('refused'),
};

void test('exactly one hangup whatever order close, exit, error and the rest come in; the first cause is the reason', () => {
  const names = Object.keys(ENDINGS);
  const expected: Record<string, string> = { 'socket close': 'line dropped', exit: 'goodbye', 'not reading': 'not reading', fault: 'error', shutdown: 'shutdown', 'hang up now': 'refused' };
  for (const first of names) {
    for (const second of names) {
      const r = rig();
      r.place();
      ENDINGS[first]!(r);
      ENDINGS[second]!(r);
      r.line.closed();
      r.line.closed();
      assert.equal(r.hangups().length, 1, `${first} then ${second}`);
      assert.deepEqual(r.hangups()[0], { type: 'hangup', reason: expected[first] }, `${first} then ${second}`);
      r.deliver({ type: 'screen', text: 'late' });
      assert.ok(!r.wire.includes('render screen'), `nothing is written after ${first}`);
    }
  }
});

void test('an exit is written, then the wire finishes with the reason its end gives; a caller never placed hears nothing', () => {
  const r = rig();
  r.place();
  r.deliver({ type: 'exit', text: 'kicked', end: 'kicked' });
  assert.deepEqual(r.wire, ['render exit', 'finish kicked (exit)']);
  r.line.closed();
  assert.deepEqual(r.hangups(), [{ type: 'hangup', reason: 'kicked' }]);

  const unplaced = rig();
  unplaced.line.end('refused');
  unplaced.line.closed();
  assert.deepEqual(unplaced.heard, []);
  assert.equal(unplaced.place(), undefined, 'an ended line places no call');
});

void test('a peer that lingers after the goodbye is cut after the grace period, one that closes is not', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const lingers = rig();
    lingers.place();
    lingers.deliver(EXIT);
    mock.timers.tick(1999);
    assert.ok(!lingers.wire.includes('cut'));
    mock.timers.tick(1);
    assert.deepEqual(lingers.wire, ['render exit', 'finish goodbye (exit)', 'cut']);

    const leaves = rig();
    leaves.place();
    leaves.deliver(EXIT);
    leaves.line.closed();
    mock.timers.tick(5000);
    assert.ok(!leaves.wire.includes('cut'));
  } finally {
    mock.timers.reset();
  }
});

void test('a backlog past the cap cuts the line as not reading; under it there is room', () => {
  const r = rig();
  r.place();
  assert.equal(r.line.room(100, 100, 1000), true);
  assert.equal(r.line.room(900, 101, 1000), false);
  assert.deepEqual(r.wire, ['cut']);
  r.line.closed();
  assert.deepEqual(r.hangups(), [{ type: 'hangup', reason: 'not reading' }]);
});

void test('a fault cuts the line, or finishes it for a wire that can say why', () => {
  const boom = (): void => {
    throw new Error('boom');
  };
  const cuts = rig();
  cuts.place();
  cuts.line.guard(boom);
  assert.deepEqual(cuts.wire, ['cut']);

  const finishes = rig({ faultEnds: 'finish' });
  finishes.place();
  finishes.line.guard(boom);
  assert.deepEqual(finishes.wire, ['finish error']);
  finishes.line.closed();
  assert.deepEqual(finishes.hangups(), [{ type: 'hangup', reason: 'error' }]);
});
