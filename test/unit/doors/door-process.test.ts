import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DoorProcess, type DoorProcessOptions } from '../../../src/doors/door-process.js';
import { liveMembers } from '../../../src/doors/process-group.js';
import { until } from '../../helpers/until.js';
import { fixture } from './door-fixtures.js';
import { started } from '../../helpers/recording-sink.js';

function door(command: string, args: string[] = [], more: Partial<DoorProcessOptions> = {}): DoorProcess {
  return new DoorProcess({ command, args, cwd: tmpdir(), env: {}, cols: 80, rows: 24, termName: 'ansi-bbs', graceMs: 500, ...more });
}

test('every byte value passes from the door to the caller and from the caller to the door', async (t) => {
  const peer = door(fixture('all-bytes.sh'), [], { tty: 'raw' });
  const sink = started(peer, t);
  const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  await sink.waitForRaw(/[\s\S]{256}/);
  assert.deepEqual(sink.bytes.subarray(0, 256), every);
  peer.input(every);
  await sink.waitForRaw('END');
  const hex = sink.bytes.subarray(256).toString('latin1').split('\n')[0];
  assert.equal(hex, every.toString('hex'));
  const outcome = await sink.ended();
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
  assert.equal((await sink.ended()).how, 'exit');
  const lines = sink.raw().split('\r\n').filter((l) => l !== '');
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
  await sink.waitForRaw('size 24 80');
  peer.resize(132, 50);
  await sink.waitForRaw('size 50 132');
  peer.resize(40, 12);
  await sink.waitForRaw('size 12 40');
});

test('error output goes to the sysop\'s detail and the caller\'s note, not to the screen', async (t) => {
  const peer = door(fixture('stderr.sh'), ['0']);
  const sink = started(peer, t);
  const outcome = await sink.ended();
  assert.equal(outcome.how, 'exit');
  assert.equal(outcome.code, 0);
  assert.match(sink.raw(), /on the screen/);
  assert.doesNotMatch(sink.raw(), /game\.dat/);
  assert.equal(outcome.note, 'The door said: cannot open game.dat: no such file');
  assert.equal(outcome.detail, 'cannot open game.dat: no such file | second line of trouble');
});

test('a program that exits at once with an error could not start, and says why', async (t) => {
  const peer = door(fixture('stderr.sh'), ['3']);
  const sink = started(peer, t);
  const outcome = await sink.ended();
  assert.equal(outcome.how, 'failed');
  assert.equal(outcome.code, 3);
  assert.equal(outcome.note, 'The door could not start: cannot open game.dat: no such file');
});

test('a program that exits with an error after its start ends as an exit with that code', async (t) => {
  const peer = door(fixture('stderr.sh'), ['7', '0.3'], { startWindowMs: 100 });
  const sink = started(peer, t);
  const outcome = await sink.ended();
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
    const outcome = await sink.ended();
    assert.equal(outcome.how, 'failed');
    assert.match(outcome.note ?? '', note);
  }
});

test('a caller\'s full line pauses the door: nothing arrives until resume, and every one of 50 MiB arrives in order', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'door-flood-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const block = Buffer.alloc(1 << 20);
  for (let i = 0; i < block.length; i++) block[i] = (i * 7 + (i >> 8)) & 0xff;
  writeFileSync(path.join(dir, 'block'), block);
  const expected = createHash('sha256');
  for (let i = 0; i < 50; i++) expected.update(block);

  const peer = door(fixture('flood.sh'), [path.join(dir, 'block'), '50'], { tty: 'raw' });
  const got = createHash('sha256');
  let paused = false;
  let whilePaused = 0;
  let pauses = 0;
  const sink = started(peer, t);
  sink.accept = (chunk) => {
    got.update(chunk);
    if (paused) whilePaused += chunk.length;
    if (sink.chunkCount % 64 !== 0) return true;
    // Every 64th chunk the caller's line is full for a while; once, long enough to block the program.
    paused = true;
    pauses++;
    setTimeout(() => {
      paused = false;
      peer.resume();
    }, pauses === 3 ? 300 : 2);
    return false;
  };
  const outcome = await sink.ended(60_000);
  assert.equal(outcome.how, 'exit');
  assert.equal(sink.received, 50 << 20);
  assert.equal(got.digest('hex'), expected.digest('hex'));
  assert.ok(pauses > 10, `the line was full ${pauses} times`);
  assert.equal(whilePaused, 0);
  sink.forget();
});

test('the last output of a door that exits while the caller\'s line is paused still arrives', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'door-tail-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'block'), Buffer.alloc(40_000, 0x41));
  const peer = door(fixture('flood.sh'), [path.join(dir, 'block'), '1'], { tty: 'raw' });
  const sink = started(peer, t);
  let first = true;
  sink.accept = () => {
    if (!first) return true;
    first = false;
    // Far longer than the program needs to write the rest into the terminal and exit.
    setTimeout(() => peer.resume(), 700);
    return false;
  };
  const outcome = await sink.ended();
  assert.equal(outcome.how, 'exit');
  assert.equal(outcome.code, 0);
  assert.equal(sink.received, 40_000);
});

test('a hang-up ends the door\'s whole session, also what ignores SIGHUP: no orphan is left', async (t) => {
  const peer = door(fixture('orphan.sh'), [], { graceMs: 300 });
  const sink = started(peer, t);
  await sink.waitForRaw('started');
  const pid = peer.pid!;
  // The wrapper, the script, its background sleep and its loop's sleep.
  await until('the door\'s processes', () => liveMembers(pid).length >= 3);
  peer.stop('hangup');
  peer.stop('hangup');
  const outcome = await sink.ended();
  assert.equal(outcome.how, 'hangup');
  assert.deepEqual(liveMembers(pid), []);
  assert.deepEqual(processesOf(pid), []);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(sink.broken, 0, 'ended once');
});

test('a door that exits leaving a child behind ends as an exit, and the child is ended too', async (t) => {
  const peer = door(fixture('leave-child.sh'), [], { graceMs: 300 });
  const sink = started(peer, t);
  await sink.waitForRaw('bye');
  const pid = peer.pid!;
  const outcome = await sink.ended();
  assert.equal(outcome.how, 'exit');
  assert.equal(outcome.code, 0);
  assert.deepEqual(processesOf(pid), []);
});

test('a time limit warns the caller over the door\'s screen, then ends the door', async (t) => {
  const peer = door(fixture('sleeper.sh'), [], { timeLimitMs: 1500, warnBeforeMs: 1000, rows: 25 });
  const sink = started(peer, t);
  await sink.waitForRaw('playing');
  const pid = peer.pid!;
  await sink.waitForRaw('left in this door');
  assert.ok(sink.raw().endsWith('\x1b7\x1b[25;1H\x1b[0;1;37;41m One second left in this door \x1b8'), JSON.stringify(sink.raw()));
  const outcome = await sink.ended();
  assert.equal(outcome.how, 'time');
  assert.equal(outcome.note, 'Your time in this door is up.');
  assert.deepEqual(processesOf(pid), []);
});

/**
 * Every process whose session or process group is `id`, zombies included,
 * read straight from /proc: a second look, apart from the code under test.
 */
function processesOf(id: number): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue;
    }
    const [state, , pgrp, session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z' && (pgrp === String(id) || session === String(id))) found.push(stat);
  }
  return found;
}
