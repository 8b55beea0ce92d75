import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DosboxDoor, type DosboxDoorOptions } from '../../src/doors/dosbox-door.js';
import type { RawOutcome } from '../../src/doors/raw-peer.js';
import { descendantsNamed } from '../helpers/process-tree.js';
import { findTool, requireTool } from '../helpers/tools.js';
import { until } from '../helpers/until.js';

const FIXTURES = new URL('../fixtures/dos/', import.meta.url).pathname;
const DOSBOX = findTool('/usr/bin/dosbox', 'dosbox');
const NASM = findTool('/usr/bin/nasm', 'nasm');

/** A door folder with HELLO.COM built from the fixture and a 52-line DOOR.SYS naming `name` on line 10. */
function doorFolder(t: TestContext, name: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'dos-door-test-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  execFileSync(NASM!, ['-f', 'bin', '-o', join(folder, 'HELLO.COM'), join(FIXTURES, 'hello-door.asm')]);
  const lines = Array.from({ length: 52 }, (_, i) => `line ${i + 1}`);
  lines[0] = 'COM1:';
  lines[9] = name;
  writeFileSync(join(folder, 'DOOR.SYS'), lines.map((l) => `${l}\r\n`).join(''), 'latin1');
  return folder;
}

function needsDosbox(t: TestContext): boolean {
  return requireTool(t, DOSBOX, 'dosbox', 'apt-get install dosbox') && requireTool(t, NASM, 'nasm', 'apt-get install nasm');
}

/** A sink that keeps everything, as a caller's wire would show it. */
function recordingSink() {
  const got: Buffer[] = [];
  const ends: RawOutcome[] = [];
  return {
    sink: {
      data(bytes: Uint8Array): boolean {
        got.push(Buffer.from(bytes));
        return true;
      },
      end(outcome: RawOutcome): void {
        ends.push(outcome);
      },
    },
    text: (): string => Buffer.concat(got).toString('latin1'),
    bytes: (): Buffer => Buffer.concat(got),
    ends,
  };
}

/** DOSBox processes this test process started, directly or not. */
const dosboxChildrenOf = (ppid: number): number[] => descendantsNamed(ppid, 'dosbox');

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`);

test('a DOS door greets the caller from DOOR.SYS over COM1, echoes keys byte for byte, and ends when it exits', async (t) => {
  if (!needsDosbox(t)) return;
  const folder = doorFolder(t, 'Ada Lovelace');
  const rec = recordingSink();
  const door = new DosboxDoor({ doorFolder: folder, command: 'hello.com' });
  t.after(() => door.stop('ended'));
  door.resize(132, 50);
  door.start(rec.sink);

  await until(() => `the greeting; got ${JSON.stringify(rec.text())}`, () => rec.text().includes('Hello Ada Lovelace\r\n'), 20_000);
  const pids = dosboxChildrenOf(process.pid);
  assert.equal(pids.length, 1, 'one DOSBox runs the door');

  // Bytes a line editor or telnet would eat must pass untouched: NUL, ESC, 0xFF.
  const keys = Buffer.from([0x61, 0x00, 0x1b, 0xff, 0x0d, 0x62]);
  door.input(keys);
  const greeting = 'Hello Ada Lovelace\r\n'.length;
  await until(() => `the echo; got ${rec.bytes().toString('hex')}`, () => rec.bytes().length >= greeting + keys.length, 10_000);
  assert.deepEqual(rec.bytes().subarray(greeting), keys);

  door.input(Buffer.from('q'));
  await until('the door to end', () => rec.ends.length > 0, 10_000);
  // The door's last byte, written just before it exited, still reached the caller.
  assert.ok(rec.text().endsWith('bq'), `the echoed q arrived: ${JSON.stringify(rec.text())}`);
  assert.deepEqual(rec.ends, [{ how: 'exit', code: 0, signal: null }]);
  await until('DOSBox to be gone', () => !pids.some(alive), 5000);
});

test('stopping a DOS door hangs up DOSBox with its process group and removes its private folder', async (t) => {
  if (!needsDosbox(t)) return;
  const folder = doorFolder(t, 'Grace Hopper');
  const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('bbs-dosbox-')));
  const rec = recordingSink();
  const door = new DosboxDoor({ doorFolder: folder, command: 'HELLO.COM' });
  door.start(rec.sink);
  await until(() => `the greeting; got ${JSON.stringify(rec.text())}`, () => rec.text().includes('Hello Grace Hopper'), 20_000);
  const pids = dosboxChildrenOf(process.pid);
  assert.equal(pids.length, 1);
  const mine = readdirSync(tmpdir()).filter((n) => n.startsWith('bbs-dosbox-') && !before.has(n));
  assert.equal(mine.length, 1, 'the door has one private folder');

  door.stop('hangup');
  door.stop('ended');
  door.input(Buffer.from('ignored after the stop'));
  await until('the door to end', () => rec.ends.length > 0, 10_000);
  assert.deepEqual(rec.ends, [{ how: 'hangup' }]);
  await until('DOSBox to be gone', () => !pids.some(alive), 5000);
  await until('the private folder to be removed', () => !existsSync(join(tmpdir(), mine[0]!)), 5000);
  assert.equal(rec.ends.length, 1, 'end comes exactly once');
});

test('a DOS door stops being read while the caller has a backlog, and reads again on resume', async (t) => {
  if (!needsDosbox(t)) return;
  const folder = doorFolder(t, 'Ada Lovelace');
  const chunks: Buffer[] = [];
  const ends: RawOutcome[] = [];
  const door = new DosboxDoor({ doorFolder: folder, command: 'HELLO.COM' });
  t.after(() => door.stop('ended'));
  // The first chunk finds the caller's wire full; later ones find it drained.
  door.start({ data: (bytes) => chunks.push(Buffer.from(bytes)) > 1, end: (outcome) => void ends.push(outcome) });
  await until('the first bytes', () => chunks.length > 0, 20_000);
  const seen = chunks.length;
  door.input(Buffer.from('xyz'));
  // Nothing more may arrive while paused; the door echoes within milliseconds, so a second is plenty to notice a leak.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(chunks.length, seen, 'no data while the caller has a backlog');
  door.resume();
  await until(() => `the echo after resume; got ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`, () => Buffer.concat(chunks).toString('latin1').endsWith('xyz'), 10_000);
  assert.deepEqual(ends, []);
});

test('a DOS door past the caller\'s time is hung up and ends as time, whatever the door itself does', async (t) => {
  if (!needsDosbox(t)) return;
  // The fixture door never looks at the time: it would echo until a q that never comes.
  const folder = doorFolder(t, 'Ada Lovelace');
  const rec = recordingSink();
  const door = new DosboxDoor({ doorFolder: folder, command: 'HELLO.COM', timeLimitMs: 3000 });
  t.after(() => door.stop('ended'));
  door.start(rec.sink);
  // Whether DOSBox has greeted by then or is still starting on a busy machine, the time ends it.
  await until('the time to run out', () => rec.ends.length > 0, 20_000);
  assert.deepEqual(rec.ends, [{ how: 'time', note: 'Your time in this door is up.' }]);
  await until('DOSBox to be gone', () => dosboxChildrenOf(process.pid).length === 0, 5000);
  door.stop('ended');
  assert.equal(rec.ends.length, 1, 'end comes exactly once');
});

test('a gateway killed outright takes its DOS door with it', async (t) => {
  if (!needsDosbox(t)) return;
  const folder = doorFolder(t, 'Alan Turing');
  const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('bbs-dosbox-')));
  // A process killed outright cannot tidy up: its door's private folder is left for us.
  t.after(() => {
    for (const n of readdirSync(tmpdir())) if (n.startsWith('bbs-dosbox-') && !before.has(n)) rmSync(join(tmpdir(), n), { recursive: true, force: true });
  });
  const runner = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, 'door-runner.ts'), folder, 'HELLO.COM'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => runner.kill('SIGKILL'));
  let out = '';
  runner.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await until(() => `the runner's door to greet; it said ${JSON.stringify(out)}`, () => out.includes('ready'), 30_000);
  const pids = dosboxChildrenOf(runner.pid!);
  assert.equal(pids.length, 1, 'the runner started one DOSBox');

  runner.kill('SIGKILL');
  await until('the orphaned DOSBox to be gone', () => !pids.some(alive), 5000);
});

test('a DOS door that is not set up right fails with a note and starts nothing', async (t) => {
  if (!needsDosbox(t)) return;
  const folder = doorFolder(t, 'Nobody');
  const cases: { options: DosboxDoorOptions; detail: RegExp }[] = [
    { options: { doorFolder: folder, command: 'MISSING.EXE' }, detail: /no MISSING\.EXE in / },
    { options: { doorFolder: folder, command: 'HELLO.COM', args: ['x\r\nDEL *.*'] }, detail: /control character/ },
    { options: { doorFolder: folder, command: 'HELLO.COM', args: ['>C:\\DOOR.SYS'] }, detail: /redirection/ },
    { options: { doorFolder: 'relative/folder', command: 'HELLO.COM' }, detail: /not an absolute path/ },
    { options: { doorFolder: folder, dropFolder: `${folder}"\nexit`, command: 'HELLO.COM' }, detail: /quote or a control character/ },
  ];
  for (const { options, detail } of cases) {
    const rec = recordingSink();
    new DosboxDoor(options).start(rec.sink);
    await until('the failure', () => rec.ends.length > 0, 5000);
    const [outcome] = rec.ends;
    assert.equal(outcome?.how, 'failed');
    assert.equal(outcome?.note, 'This door is not set up right.');
    assert.match(outcome?.detail ?? '', detail);
  }
  assert.deepEqual(dosboxChildrenOf(process.pid), []);
});

test('a DOSBox that cannot start fails with what it said', async (t) => {
  if (!needsDosbox(t)) return;
  const folder = doorFolder(t, 'Nobody');
  const rec = recordingSink();
  new DosboxDoor({ doorFolder: folder, command: 'HELLO.COM', dosbox: '/nonexistent/dosbox' }).start(rec.sink);
  await until('the failure', () => rec.ends.length > 0, 10_000);
  const [outcome] = rec.ends;
  assert.equal(outcome?.how, 'failed');
  assert.equal(outcome?.note, 'The door could not start.');
  assert.match(outcome?.detail ?? '', /\/nonexistent\/dosbox/);
});
