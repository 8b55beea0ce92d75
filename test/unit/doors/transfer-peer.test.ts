import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { liveMembers } from '../../../src/doors/process-group.js';
import { BulkShare } from '../../../src/doors/bulk-share.js';
import type { TransferProtocol } from '../../../src/session/handoff.js';
import { until } from '../../helpers/until.js';
import { connect, fileSha, randomFile, sha256, tempFolder } from './transfer-pair.js';

/**
 * The transfer peer against real lrzsz programs playing the caller: every
 * protocol both ways, whole files compared by SHA-256, and every way a
 * transfer can break off leaving no process and no partial file.
 */

const MiB = 1024 * 1024;

/** The caller's receiving program for a download, per protocol (XMODEM needs the name). */
function callerReceiver(protocol: TransferProtocol, name: string): string[] {
  if (protocol === 'zmodem') return ['rz', '-b', '-q'];
  if (protocol === 'ymodem') return ['rb', '-b', '-q'];
  return ['rx', '-b', '-q', '-c', name];
}

/** The caller's sending program for an upload. */
function callerSender(protocol: TransferProtocol, file: string): string[] {
  if (protocol === 'zmodem') return ['sz', '-b', '-q', file];
  if (protocol === 'ymodem') return ['sb', '-b', '-q', file];
  return ['sx', '-b', '-q', ...(protocol === 'xmodem-1k' ? ['-k'] : []), file];
}

/** XMODEM carries no length: the last block is padded (with ^Z) to 128 or 1024 bytes, and the receiver keeps the padding. */
function xmodemCopy(protocol: TransferProtocol, got: Buffer, original: Buffer): void {
  assert.deepEqual(got.subarray(0, original.length), original, 'the file comes first, whole');
  const pad = got.subarray(original.length);
  assert.ok(pad.every((b) => b === 0x1a), 'then only ^Z padding');
  assert.ok(got.length % 128 === 0 && pad.length < (protocol === 'xmodem-1k' ? 1024 : 128) + 1, `padded to a block: ${got.length}`);
}

const CASES: Array<[TransferProtocol, number]> = [];
for (const protocol of ['zmodem', 'ymodem', 'xmodem-1k', 'xmodem'] as const) {
  // An empty file is a file in every protocol: XMODEM's sender goes straight to its end of transmission, and the receiver makes an empty file.
  for (const size of [0, 1, MiB]) CASES.push([protocol, size]);
}

for (const [protocol, size] of CASES) {
  test(`download by ${protocol}, ${size} bytes: the caller's program gets the file whole, under the name it was given`, async (t) => {
    const source = tempFolder(t, 'xfer-src-');
    const callerDir = tempFolder(t, 'xfer-caller-');
    const file = randomFile(source, 'stored-as-7f3a', size);
    const pair = connect({ job: { kind: 'send', protocol, files: [{ path: file.path, name: 'report.bin', size }] } }, callerReceiver(protocol, 'report.bin'), callerDir);
    const outcome = await pair.outcome;
    assert.equal(await pair.callerExit, 0);
    assert.deepEqual(outcome.transfer, { sent: ['report.bin'], received: [], cancelled: false });
    assert.equal(outcome.how, 'exit');
    const got = readFileSync(path.join(callerDir, 'report.bin'));
    if (protocol.startsWith('xmodem')) xmodemCopy(protocol, got, readFileSync(file.path));
    else assert.equal(sha256(got), file.sha);
  });

  test(`upload by ${protocol}, ${size} bytes: the file arrives whole in the folder and is listed with its size`, async (t) => {
    const callerDir = tempFolder(t, 'xfer-caller-');
    const folder = tempFolder(t, 'xfer-in-');
    const file = randomFile(callerDir, 'photo.jpg', size);
    const pair = connect({ job: { kind: 'receive', protocol, folder, name: 'upload.dat', maxBytes: 0 } }, callerSender(protocol, 'photo.jpg'), callerDir);
    const outcome = await pair.outcome;
    assert.equal(await pair.callerExit, 0);
    const name = protocol.startsWith('xmodem') ? 'upload.dat' : 'photo.jpg';
    const arrived = path.join(folder, name);
    assert.deepEqual(outcome.transfer, { sent: [], received: [{ name, path: arrived, size: statSync(arrived).size }], cancelled: false });
    if (protocol.startsWith('xmodem')) xmodemCopy(protocol, readFileSync(arrived), readFileSync(file.path));
    else assert.equal(fileSha(arrived), file.sha);
  });
}

test('64 MiB by ZMODEM, both ways, SHA-256 equal', async (t) => {
  const here = tempFolder(t, 'xfer-src-');
  const there = tempFolder(t, 'xfer-caller-');
  const big = randomFile(here, 'big.bin', 64 * MiB);
  const down = connect({ job: { kind: 'send', protocol: 'zmodem', files: [{ path: big.path, name: 'big.bin', size: 64 * MiB }] } }, callerReceiver('zmodem', ''), there);
  assert.equal((await down.outcome).transfer?.cancelled, false);
  assert.equal(await down.callerExit, 0);
  assert.equal(fileSha(path.join(there, 'big.bin')), big.sha);

  const folder = tempFolder(t, 'xfer-in-');
  const up = connect({ job: { kind: 'receive', protocol: 'zmodem', folder, maxBytes: 0 } }, callerSender('zmodem', 'big.bin'), there);
  const outcome = await up.outcome;
  assert.deepEqual(outcome.transfer?.received.map((f) => [f.name, f.size]), [['big.bin', 64 * MiB]], `${outcome.how}: ${outcome.note} ${outcome.detail}`);
  assert.equal(fileSha(path.join(folder, 'big.bin')), big.sha);
});

for (const protocol of ['zmodem', 'ymodem', 'xmodem'] as const) {
  test(`the caller's line drops in the middle of a ${protocol} upload: the program's group is gone, no partial file, cancelled`, async (t) => {
    const callerDir = tempFolder(t, 'xfer-caller-');
    const folder = tempFolder(t, 'xfer-in-');
    randomFile(callerDir, 'big.bin', 32 * MiB);
    const pair = connect({ job: { kind: 'receive', protocol, folder, name: 'big.bin', maxBytes: 0 } }, callerSender(protocol, 'big.bin'), callerDir);
    const pid = pair.peer.pid!;
    // Part of the file is on the board's disk when the line drops.
    await until('part of the upload on disk', () => readdirSync(folder).some((n) => statSync(path.join(folder, n)).size > 64 * 1024), 20_000, 5);
    pair.caller.kill('SIGKILL');
    // What the transport does when its wire is gone.
    pair.peer.stop('hangup');
    const outcome = await pair.outcome;
    assert.equal(outcome.how, 'hangup');
    assert.deepEqual(outcome.transfer, { sent: [], received: [], cancelled: true });
    assert.deepEqual(liveMembers(pid), [], 'nothing of the program runs on');
    assert.deepEqual(readdirSync(folder), [], 'no partial file');
  });
}

test('the caller cancels a download (their program sends CAN CAN CAN...): cancelled, nothing sent, the group gone', async (t) => {
  const source = tempFolder(t, 'xfer-src-');
  const callerDir = tempFolder(t, 'xfer-caller-');
  const file = randomFile(source, 'big.bin', 32 * MiB);
  const pair = connect({ job: { kind: 'send', protocol: 'zmodem', files: [{ path: file.path, name: 'big.bin', size: 32 * MiB }] } }, callerReceiver('zmodem', ''), callerDir);
  const pid = pair.peer.pid!;
  await until('the download under way', () => pair.sent() > MiB, 20_000, 5);
  // lrzsz answers SIGTERM by sending the cancel sequence before it exits: a caller pressing their program's abort key.
  pair.caller.kill('SIGTERM');
  const outcome = await pair.outcome;
  assert.equal(outcome.how, 'exit');
  assert.notEqual(outcome.code, 0);
  assert.deepEqual(outcome.transfer, { sent: [], received: [], cancelled: true });
  assert.equal(outcome.note, 'Transfer cancelled.');
  assert.deepEqual(liveMembers(pid), []);
});

test('an upload past maxBytes is cut off: the caller\'s program is told to cancel, the folder is emptied', async (t) => {
  const callerDir = tempFolder(t, 'xfer-caller-');
  const folder = tempFolder(t, 'xfer-in-');
  randomFile(callerDir, 'a.bin', 512 * 1024);
  randomFile(callerDir, 'b.bin', 8 * MiB);
  const pair = connect({ job: { kind: 'receive', protocol: 'zmodem', folder, maxBytes: MiB }, watchMs: 20 }, ['sz', '-b', '-q', 'a.bin', 'b.bin'], callerDir);
  const pid = pair.peer.pid!;
  const outcome = await pair.outcome;
  assert.equal(outcome.how, 'ended');
  assert.deepEqual(outcome.transfer, { sent: [], received: [], cancelled: true });
  assert.equal(outcome.note, 'The upload passed the 1 MiB allowed here, so it was cancelled and nothing was kept.');
  assert.deepEqual(readdirSync(folder), [], 'not even the first, whole file is kept');
  assert.deepEqual(liveMembers(pid), []);
  assert.notEqual(await pair.callerExit, 0, 'the caller\'s program gave up');
});

test('a caller\'s line that is full pauses the program: no more output until it drains, then the file arrives whole', async (t) => {
  const source = tempFolder(t, 'xfer-src-');
  const callerDir = tempFolder(t, 'xfer-caller-');
  const file = randomFile(source, 'big.bin', 16 * MiB);
  const pair = connect({ job: { kind: 'send', protocol: 'zmodem', files: [{ path: file.path, name: 'big.bin', size: 16 * MiB }] } }, callerReceiver('zmodem', ''), callerDir);
  await until('the download under way', () => pair.sent() > 256 * 1024, 20_000, 1);
  // Bulk work: the board's program runs below the board's priority (field 19 of /proc/PID/stat is the niceness).
  assert.equal(readFileSync(`/proc/${pair.peer.pid!}/stat`, 'utf8').split(') ')[1]!.split(' ')[16], '10');
  pair.block(true);
  // The next chunk is told the line is full; after it, nothing more is read from the program.
  const atBlock = pair.sent();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const paused = pair.sent();
  assert.ok(paused - atBlock <= 64 * 1024, `at most one chunk after the line filled: ${paused - atBlock}`);
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(pair.sent(), paused, 'nothing read while the line stays full');
  pair.block(false);
  assert.equal((await pair.outcome).transfer?.cancelled, false);
  assert.equal(fileSha(path.join(callerDir, 'big.bin')), file.sha);
});

test('another caller types: the download waits for its turn of the board\'s pace, even with room on its line, and a hang-up still ends it', async (t) => {
  const source = tempFolder(t, 'xfer-src-');
  const callerDir = tempFolder(t, 'xfer-caller-');
  const file = randomFile(source, 'big.bin', 16 * MiB);
  // A byte a second: after the next block this transfer's turn is hours away.
  const share = new BulkShare({ bytesPerSecond: 1, activeMs: 3_600_000 });
  const pair = connect({ job: { kind: 'send', protocol: 'zmodem', files: [{ path: file.path, name: 'big.bin', size: 16 * MiB }] } }, callerReceiver('zmodem', ''), callerDir, { share, call: 'downloader' });
  const pid = pair.peer.pid!;
  // The caller's program is left waiting for blocks that never come: it goes with the test.
  t.after(() => pair.caller.kill('SIGKILL'));
  // The downloader's own keys never slow it.
  share.typed('downloader');
  await until('the download under way', () => pair.sent() > 256 * 1024, 20_000, 1);
  share.typed('typist');
  const atLine = pair.sent();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const held = pair.sent();
  assert.ok(held - atLine <= 64 * 1024, `at most one block after the line: ${held - atLine}`);
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(pair.sent(), held, 'nothing read while the pace holds it');
  pair.peer.stop('hangup');
  const outcome = await pair.outcome;
  assert.equal(outcome.transfer?.cancelled, true);
  assert.deepEqual(liveMembers(pid), []);
});

test('a download paced beside typing callers, while its line also fills and drains, arrives whole', async (t) => {
  const source = tempFolder(t, 'xfer-src-');
  const callerDir = tempFolder(t, 'xfer-caller-');
  const file = randomFile(source, 'big.bin', 4 * MiB);
  const share = new BulkShare({ bytesPerSecond: 64 * MiB, activeMs: 3_600_000 });
  share.typed('typist');
  const pair = connect({ job: { kind: 'send', protocol: 'zmodem', files: [{ path: file.path, name: 'big.bin', size: 4 * MiB }] } }, callerReceiver('zmodem', ''), callerDir, { share, call: 'downloader' });
  await until('the download under way', () => pair.sent() > 256 * 1024, 20_000, 1);
  // The line fills while the pace holds the program too: it is read again only once both let it.
  pair.block(true);
  await new Promise((resolve) => setTimeout(resolve, 50));
  pair.block(false);
  assert.equal((await pair.outcome).transfer?.cancelled, false);
  assert.equal(fileSha(path.join(callerDir, 'big.bin')), file.sha);
});

test('requests that cannot run are refused with a note and start nothing', async (t) => {
  const folder = tempFolder(t, 'xfer-in-');
  const cases = [
    { job: { kind: 'send' as const, protocol: 'zmodem' as const, files: [] }, note: 'There is nothing to send.' },
    { job: { kind: 'send' as const, protocol: 'xmodem' as const, files: [{ path: '/etc/hostname', name: 'a', size: 1 }, { path: '/etc/hostname', name: 'b', size: 1 }] }, note: 'XMODEM sends one file at a time.' },
    { job: { kind: 'send' as const, protocol: 'zmodem' as const, files: [{ path: '/etc/hostname', name: '../x', size: 1 }] }, note: 'A file name cannot be sent as it is.' },
    { job: { kind: 'receive' as const, protocol: 'xmodem' as const, folder, maxBytes: 0 }, note: 'An XMODEM upload needs a file name.' },
    { job: { kind: 'receive' as const, protocol: 'zmodem' as const, folder: path.join(folder, 'nope'), maxBytes: 0 }, note: 'The upload folder is missing.' },
  ];
  for (const c of cases) {
    const pair = connect({ job: c.job }, ['cat'], folder);
    const outcome = await pair.outcome;
    pair.caller.kill();
    assert.equal(outcome.how, 'failed');
    assert.equal(outcome.note, c.note);
    assert.equal(pair.peer.pid, undefined, 'no program was started');
    assert.equal(outcome.transfer?.cancelled, true);
  }
});

test('what the caller\'s side still sends after a cancelled upload is dropped until the line is quiet, then the terminal is handed back', async (t) => {
  const callerDir = tempFolder(t, 'xfer-caller-');
  const folder = tempFolder(t, 'xfer-in-');
  randomFile(callerDir, 'big.bin', 8 * MiB);
  const quietMs = 300;
  const pair = connect({ job: { kind: 'receive', protocol: 'zmodem', folder, maxBytes: 64 * 1024 }, watchMs: 20, quietAfter: { quietMs, maxMs: 5000 } }, ['sz', '-b', '-q', 'big.bin'], callerDir);
  const pid = pair.peer.pid!;
  await until('the upload cut off, its program gone', () => liveMembers(pid).length === 0, 20_000, 5);
  let handedBackAt = 0;
  void pair.outcome.then(() => (handedBackAt = Date.now()));
  // Blocks still on their way, then a cancel typed by hand: all of it before the hand-back.
  let lastNoise = 0;
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    pair.peer.input(Buffer.alloc(1024, 0x41));
    lastNoise = Date.now();
  }
  const outcome = await pair.outcome;
  assert.equal(outcome.transfer?.cancelled, true);
  assert.ok(handedBackAt - lastNoise >= quietMs - 20, `handed back ${handedBackAt - lastNoise} ms after the last byte, not before the line went quiet`);
  assert.deepEqual(readdirSync(folder), []);
});
