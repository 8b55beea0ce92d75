import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DoorProcess, type DoorProcessOptions } from '../../../src/doors/door-process.js';
import { fixture, started } from './recording-sink.js';

function door(command: string, args: string[] = [], more: Partial<DoorProcessOptions> = {}): DoorProcess {
  return new DoorProcess({ command, args, cwd: tmpdir(), env: {}, cols: 80, rows: 24, termName: 'ansi-bbs', graceMs: 500, ...more });
}

test('every byte value passes from the door to the caller and from the caller to the door', async (t) => {
  const peer = door(fixture('all-bytes.sh'), [], { tty: 'raw' });
  const sink = started(peer, t);
  const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  await sink.waitForText(/[\s\S]{256}/);
  assert.deepEqual(sink.all().subarray(0, 256), every);
  peer.input(every);
  await sink.waitForText('END');
  const hex = sink.all().subarray(256).toString('latin1').split('\n')[0];
  assert.equal(hex, every.toString('hex'));
  const outcome = await sink.waitForEnd();
  assert.equal(outcome.how, 'exit');
  assert.equal(outcome.code, 0);
});

test('the door gets a clean environment: its own variables, never the board\'s', async (t) => {
  process.env.BOARD_SECRET = 'hunter2';
  t.after(() => delete process.env.BOARD_SECRET);
  const cwd = mkdtempSync(path.join(tmpdir(), 'door-cwd-'));
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  const peer = door(fixture('show-env.sh'), [], { cwd, env: { GAME_LEVEL: '3' }, encoding: 'cp437', cols: 100, rows: 30 });
  const sink = started(peer, t);
  assert.equal((await sink.waitForEnd()).how, 'exit');
  const lines = sink.text().split('\r\n').filter((l) => l !== '');
  const vars = new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  assert.equal(vars.get('PATH'), '/usr/local/bin:/usr/bin:/bin:/usr/games');
  assert.equal(vars.get('HOME'), cwd);
  assert.equal(vars.get('TERM'), 'ansi-bbs');
  assert.equal(vars.get('LANG'), 'C');
  assert.equal(vars.get('LC_ALL'), 'C');
  assert.equal(vars.get('COLUMNS'), '100');
  assert.equal(vars.get('LINES'), '30');
  assert.equal(vars.get('GAME_LEVEL'), '3');
  assert.equal(vars.get('cwd'), cwd);
  assert.equal(vars.get('BOARD_SECRET'), undefined);
  // Only what the door is given, and what any shell adds by itself (PWD, SHLVL, _).
  const extra = [...vars.keys()].filter((k) => !['PATH', 'HOME', 'TERM', 'LANG', 'LC_ALL', 'COLUMNS', 'LINES', 'GAME_LEVEL', 'cwd', 'PWD', 'SHLVL', '_'].includes(k));
  assert.deepEqual(extra, []);
});

test('a window change reaches the program as SIGWINCH with the new size', async (t) => {
  const peer = door(fixture('winch.sh'));
  const sink = started(peer, t);
  await sink.waitForText('size 24 80');
  peer.resize(132, 50);
  await sink.waitForText('size 50 132');
  peer.resize(40, 12);
  await sink.waitForText('size 12 40');
});

test('error output goes to the sysop\'s detail and the caller\'s note, not to the screen', async (t) => {
  const peer = door(fixture('stderr.sh'), ['0']);
  const sink = started(peer, t);
  const outcome = await sink.waitForEnd();
  assert.equal(outcome.how, 'exit');
  assert.equal(outcome.code, 0);
  assert.match(sink.text(), /on the screen/);
  assert.doesNotMatch(sink.text(), /game\.dat/);
  assert.equal(outcome.note, 'The door said: cannot open game.dat: no such file');
  assert.equal(outcome.detail, 'cannot open game.dat: no such file | second line of trouble');
});

test('a program that exits at once with an error could not start, and says why', async (t) => {
  const peer = door(fixture('stderr.sh'), ['3']);
  const sink = started(peer, t);
  const outcome = await sink.waitForEnd();
  assert.equal(outcome.how, 'failed');
  assert.equal(outcome.code, 3);
  assert.equal(outcome.note, 'The door could not start: cannot open game.dat: no such file');
});

test('a program that exits with an error after its start ends as an exit with that code', async (t) => {
  const peer = door(fixture('stderr.sh'), ['7', '0.3'], { startWindowMs: 100 });
  const sink = started(peer, t);
  const outcome = await sink.waitForEnd();
  assert.equal(outcome.how, 'exit');
  assert.equal(outcome.code, 7);
  assert.equal(outcome.signal, null);
});

test('a missing program, a program that is not executable, a missing folder: the door could not start', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'door-bad-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'game'), '#!/bin/sh\necho hi\n', { mode: 0o644 });
  const cases: [DoorProcess, RegExp][] = [
    [door('/nonexistent/game'), /^The door could not start: \/nonexistent\/game is not found\.$/],
    [door('no-such-door-program'), /^The door could not start: no-such-door-program is not found\.$/],
    [door('./game', [], { cwd: dir }), /^The door could not start: \.\/game is not executable\.$/],
    [door('/bin/true', [], { cwd: path.join(dir, 'gone') }), /^The door could not start: its folder .*gone is missing\.$/],
  ];
  for (const [peer, note] of cases) {
    const sink = started(peer, t);
    const outcome = await sink.waitForEnd();
    assert.equal(outcome.how, 'failed');
    assert.match(outcome.note ?? '', note);
  }
});
