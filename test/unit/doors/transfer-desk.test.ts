import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DoorDesk } from '../../../src/doors/door-desk.js';
import { silentLogger } from '../../../src/logger.js';
import type { RawListener, RawTerminal } from '../../../src/session/caller.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';
import type { Handback, HandoffRequest } from '../../../src/session/handoff.js';
import { descendantsNamed } from '../../helpers/process-tree.js';
import { until } from '../../helpers/until.js';
import { fileSha, randomFile, tempFolder } from './transfer-pair.js';

/**
 * Transfers at the gateway's desk: the caller's raw terminal is wired to a
 * real lrzsz program playing the caller's terminal program, and the desk
 * seats the call, paces the transfer against the terminal, answers with
 * the handback's `transfer`, and ends it all on a hang-up.
 */

function desk(): DoorDesk {
  return new DoorDesk({ doors: [], gateways: [], log: silentLogger, board: { name: 'Test', sysop: null }, data: '/nonexistent' });
}

/** A call whose raw terminal is the standard input and output of `argv`, run in `cwd`. */
function lrzszCall(id: string, argv: string[], cwd: string) {
  const backs: Handback[] = [];
  const [command, ...args] = argv;
  const program = spawn(command!, args, { cwd, stdio: 'pipe', env: { PATH: '/usr/bin:/bin' } });
  program.stdin.on('error', () => {});
  program.stderr.resume();
  const exit = new Promise<number | null>((resolve) => program.on('close', (code) => resolve(code)));
  let listener: RawListener | null = null;
  program.stdout.on('data', (chunk: Buffer) => listener?.bytes(chunk));
  let closed = 0;
  const terminal: RawTerminal = {
    terminal: { ...DEFAULT_TERMINAL },
    write: (bytes) => program.stdin.write(Buffer.from(bytes)),
    get writable() {
      return !program.stdin.writableNeedDrain;
    },
    close: () => void closed++,
  };
  const call = {
    id,
    caller: {
      transport: 'telnet',
      remote: '127.0.0.1',
      terminal: { ...DEFAULT_TERMINAL },
      deliver: () => {},
      openRaw: (l: RawListener) => {
        listener = l;
        return terminal;
      },
    },
    back: (handback: Handback) => void backs.push(handback),
  };
  return { call, backs, program, exit, closed: () => closed };
}

test('a download at the desk: the call is seated while it runs, the file arrives whole, the handback says what was sent', async (t) => {
  const d = desk();
  t.after(() => d.stopAll(3000));
  const source = tempFolder(t, 'xfer-src-');
  const callerDir = tempFolder(t, 'xfer-caller-');
  const a = randomFile(source, 'a', 3 * 1024 * 1024);
  const b = randomFile(source, 'b', 5000);
  const c = lrzszCall('dl', ['rz', '-b', '-q'], callerDir);
  const request: HandoffRequest = { kind: 'send', protocol: 'zmodem', files: [{ path: a.path, name: 'first.bin', size: 3 * 1024 * 1024 }, { path: b.path, name: 'second.txt', size: 5000 }] };
  d.begin(c.call, request);
  assert.equal(d.holds('dl'), true);
  await until('the handback', () => c.backs.length > 0, 30_000);
  assert.equal(d.holds('dl'), false);
  const back = c.backs[0]!;
  assert.equal(back.how, 'exit');
  assert.deepEqual(back.transfer, { sent: ['first.bin', 'second.txt'], received: [], cancelled: false });
  assert.equal(await c.exit, 0);
  assert.equal(fileSha(path.join(callerDir, 'first.bin')), a.sha);
  assert.equal(fileSha(path.join(callerDir, 'second.txt')), b.sha);
  assert.equal(c.closed(), 1, 'the terminal went back to the conversation');
  assert.deepEqual(d.playsNow(), [], 'a transfer is not a door in the doors list');
});

test('an upload at the desk: the handback lists the files that arrived, with their sizes', async (t) => {
  const d = desk();
  t.after(() => d.stopAll(3000));
  const callerDir = tempFolder(t, 'xfer-caller-');
  const folder = tempFolder(t, 'xfer-in-');
  const file = randomFile(callerDir, 'game.zip', 200_000);
  const c = lrzszCall('ul', ['sb', '-b', '-q', 'game.zip'], callerDir);
  d.begin(c.call, { kind: 'receive', protocol: 'ymodem', folder, maxBytes: 1024 * 1024 });
  await until('the handback', () => c.backs.length > 0, 30_000);
  const arrived = path.join(folder, 'game.zip');
  assert.deepEqual(c.backs[0]!.transfer, { sent: [], received: [{ name: 'game.zip', path: arrived, size: 200_000 }], cancelled: false });
  assert.equal(fileSha(arrived), file.sha);
});

test('a wire with no raw terminal (the JSON socket) is refused with a note, nothing started', async (t) => {
  const d = desk();
  t.after(() => d.stopAll(1000));
  const folder = tempFolder(t, 'xfer-in-');
  const backs: Handback[] = [];
  const call = {
    id: 'json',
    caller: { transport: 'tcpjson', remote: '127.0.0.1', terminal: { ...DEFAULT_TERMINAL }, deliver: () => {}, openRaw: () => null },
    back: (h: Handback) => void backs.push(h),
  };
  d.begin(call, { kind: 'receive', protocol: 'zmodem', folder, maxBytes: 0 });
  await until('the refusal', () => backs.length > 0, 2000);
  assert.deepEqual(backs, [
    { how: 'refused', seconds: 0, note: 'File transfers need a terminal program: call by telnet, SSH or the browser.', transfer: { sent: [], received: [], cancelled: true } },
  ]);
  assert.equal(d.holds('json'), false);
  assert.deepEqual(descendantsNamed(process.pid, 'rz'), []);
});

test('a hang-up in the middle of an upload ends the program at once and leaves no partial file', async (t) => {
  const d = desk();
  t.after(() => d.stopAll(3000));
  const callerDir = tempFolder(t, 'xfer-caller-');
  const folder = tempFolder(t, 'xfer-in-');
  randomFile(callerDir, 'big.bin', 32 * 1024 * 1024);
  const c = lrzszCall('hup', ['sz', '-b', '-q', 'big.bin'], callerDir);
  d.begin(c.call, { kind: 'receive', protocol: 'zmodem', folder, maxBytes: 0 });
  await until('part of the upload on disk', () => readdirSync(folder).some((n) => statSync(path.join(folder, n)).size > 64 * 1024), 20_000, 5);
  assert.equal(descendantsNamed(process.pid, 'rz').length, 1);
  c.program.kill('SIGKILL');
  d.hangup('hup');
  assert.equal(d.holds('hup'), false);
  await until('the board\'s rz to be gone and the folder empty', () => descendantsNamed(process.pid, 'rz').length === 0 && readdirSync(folder).length === 0, 5000);
  assert.deepEqual(c.backs, [], 'nobody to hand back to');
});
