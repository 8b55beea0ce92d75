import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFileAreas } from '../../src/config/file-areas.js';
import { FileLibrary } from '../../src/files/file-library.js';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { LrzszSsh, LrzszTelnet, RECEIVER_READY, ZRINIT } from '../callers/lrzsz-caller.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { signUp } from '../helpers/terminal-login.js';
import { descendantsWhere, isLrzsz } from '../helpers/process-tree.js';
import { until } from '../helpers/until.js';

const MiB = 1024 * 1024;
const AREA = { name: 'general', title: 'General files', upload: 'new', max_upload: '100M' };
/** The files every test moves: empty, one byte, a megabyte and 64 of them, random. */
const SIZES: Record<string, number> = { 'empty.bin': 0, 'one.bin': 1, 'mega.bin': MiB, 'big.bin': 64 * MiB };

let board: BoardProcess;
let store: SqliteStore;
let library: FileLibrary;
let scratch: string;
const seeded = new Map<string, string>();

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const shaOf = (path: string): string => sha(readFileSync(path));

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bbs-transfers-'));
  await writeFile(join(scratch, 'bbs.yaml'), `files:\n  - name: general\n    title: General files\n    upload: new\n    max_upload: 100M\n`);
  board = await startBoardProcess({ args: ['--config', join(scratch, 'bbs.yaml')] });
  store = openSqliteStore(join(board.data, 'bbs.db'));
  library = new FileLibrary({ store, areas: parseFileAreas([AREA], (m) => assert.fail(m)), data: board.data, log: silentLogger });
  mkdirSync(join(scratch, 'seed'));
  for (const [name, size] of Object.entries(SIZES)) {
    const path = join(scratch, 'seed', `dl-${name}`);
    writeFileSync(path, randomBytes(size));
    const accepted = await library.importFile(path, library.area('general')!);
    assert.ok(accepted.ok, JSON.stringify(accepted));
    seeded.set(accepted.file.name, accepted.file.sha256);
  }
});

after(async () => {
  await store?.close();
  await board?.stop();
  await rm(scratch, { recursive: true, force: true });
});

/** A folder of the caller's own, for what their program receives or sends. */
function callerFolder(name: string): string {
  const dir = join(scratch, `${name}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir);
  return dir;
}

/** The board's log lines about transfers, the last few: what a failed transfer's message shows. */
const transferLines = (log: string): string =>
  log
    .split('\n')
    .filter((l) => /transfer/.test(l))
    .slice(-4)
    .join('\n');

/** lrzsz processes the board started: none may outlive a transfer. */
const boardLrzsz = (): number[] => descendantsWhere([board.child.pid!], isLrzsz);

async function telnetCaller(name: string): Promise<LrzszTelnet> {
  const c = await LrzszTelnet.open(board.ports.telnet!, { cols: 100, rows: 40 });
  await signUp({ expect: (p) => c.waitFor(p), send: (k) => c.type(k), line: (t) => c.line(t) }, name, 'password1', { key: 'y' });
  await c.waitFor(/> $/);
  return c;
}

/** The caller's machine is too busy to read for `ms`: what the board sends meanwhile arrives in one read. */
function busyFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // Nothing: the event loop is held, so the socket is not read.
  }
}

/** An Enter right after a hot key is taken for the key's own line end and dropped: a real caller types slower. */
const afterHotKey = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 650));

/** From the main menu to the general area's list. */
async function toArea(c: LrzszTelnet): Promise<void> {
  c.type('F');
  await c.waitFor('Area number');
  await c.waitFor(/> $/);
  await afterHotKey();
  c.line('1');
  await c.waitFor('File number');
  await c.waitFor(/> $/);
}

/** From the area's list, download one file with `protocol` into `dir`; back at the file's screen. */
async function download(c: LrzszTelnet, name: string, key: string, receiver: string[], dir: string): Promise<number | null> {
  const num = new RegExp(`\\[ ?(\\d+)\\] ${name.replace('.', '\\.')} `).exec(c.text(0).slice(c.text(0).lastIndexOf('GENERAL FILES')))?.[1];
  assert.ok(num, `${name} listed`);
  c.line(num);
  await c.waitFor('D download');
  await c.waitFor(/> $/);
  c.type('D');
  await c.waitFor('Protocol');
  await c.waitFor(/> $/);
  const done = c.arm(receiver, dir);
  c.type(key);
  const code = await done;
  // The board's sz ends after the receiver's last word (its own wait for "OO" included): on a loaded machine, seconds.
  await c.waitFor(/Sent: |Nothing was sent/, { timeoutMs: 30_000 });
  await c.waitFor('Enter to go back');
  await c.waitFor(/> $/);
  await afterHotKey();
  c.type('\r');
  await c.waitFor('File number');
  await c.waitFor(/> $/);
  return code;
}

test('ZMODEM over telnet: downloads of 0 B, 1 B, 1 MiB and 64 MiB arrive whole and count; an upload batch lands in the area', { timeout: 240_000 }, async () => {
  const c = await telnetCaller('Zed');
  try {
    await toArea(c);
    const dir = callerFolder('zdown');
    for (const name of Object.keys(SIZES).map((n) => `dl-${n}`)) {
      assert.equal(await download(c, name, 'Z', ['rz', '--binary', '--quiet'], dir), 0, name);
      assert.equal(shaOf(join(dir, name)), seeded.get(name), name);
      assert.equal((await store.files.findByName('general', name))?.downloads, 1, `${name} counted`);
    }
    const up = callerFolder('zup');
    for (const [name, size] of Object.entries(SIZES)) writeFileSync(join(up, `up-${name}`), randomBytes(size));
    c.line('U');
    await c.waitFor('Protocol');
    await c.waitFor(/> $/);
    const sent = c.arm(['sz', '--binary', '--quiet', ...Object.keys(SIZES).map((n) => `up-${n}`)], up, ZRINIT);
    c.type('Z');
    assert.equal(await sent, 0);
    // In the order the folder lists them: each is checked, then added and offered for a description, or refused.
    let from = c.mark();
    for (;;) {
      const at = await c.waitFor(/ 1:|File number/, { from, timeoutMs: 60_000 });
      const seen = c.text(from).slice(0, at - from);
      if (!/ 1:/.test(seen)) break;
      const added = /Added (up-\S+) /.exec(seen)?.[1];
      if (added === 'up-big.bin') {
        c.line('Sixty-four megabytes of noise');
        await c.waitFor(/ 2:/, { from: at });
      }
      from = c.mark();
      c.line('');
    }
    // The same bytes as a file already there: an empty file is the empty file.
    assert.match(c.text(0), /up-empty\.bin is already here, as dl-empty\.bin/);
    assert.equal(await store.files.findByName('general', 'up-empty.bin'), null);
    for (const name of Object.keys(SIZES).filter((n) => SIZES[n]! > 0)) {
      const file = await store.files.findByName('general', `up-${name}`);
      assert.ok(file, `up-${name} recorded`);
      assert.equal(file.sha256, shaOf(join(up, `up-${name}`)), name);
      assert.equal(file.uploaderName, 'Zed');
      assert.equal(shaOf(library.pathOf(file)!), file.sha256);
    }
    assert.equal((await store.files.findByName('general', 'up-big.bin'))?.description, 'Sixty-four megabytes of noise');
    assert.deepEqual(boardLrzsz(), []);
  } finally {
    c.close();
  }
});

test('a cut-off ZMODEM download resumes from what the caller already has, at their choice', { timeout: 120_000 }, async () => {
  const c = await telnetCaller('Rex');
  try {
    await toArea(c);
    const dir = callerFolder('resume');
    const whole = readFileSync(join(library.folderOf(library.area('general')!), 'dl-big.bin'));
    writeFileSync(join(dir, 'dl-big.bin'), whole.subarray(0, 40 * MiB));
    const before = board.output().length;
    assert.equal(await download(c, 'dl-big.bin', 'R', ['rz', '--binary', '--quiet'], dir), 0);
    assert.equal(shaOf(join(dir, 'dl-big.bin')), seeded.get('dl-big.bin'));
    const line = /transfer ended .*files=\["dl-big\.bin"\].* wireOut=(\d+)/.exec(board.output().slice(before));
    assert.ok(line, 'the transfer is logged');
    assert.ok(Number(line[1]) < 30 * MiB, `only the missing 24 MiB and their escapes travel (${line[1]} bytes)`);
  } finally {
    c.close();
  }
});

test('YMODEM and XMODEM-1K over telnet, both ways; XMODEM asks the name of what it uploads', { timeout: 120_000 }, async () => {
  const c = await telnetCaller('Yan');
  try {
    await toArea(c);
    const dir = callerFolder('ydown');
    const before = board.output().length;
    assert.equal(await download(c, 'dl-mega.bin', 'Y', ['rb', '--binary', '--quiet'], dir), 0);
    assert.equal(shaOf(join(dir, 'dl-mega.bin')), seeded.get('dl-mega.bin'));
    // 1 KiB blocks, each answered by one ACK: 128-byte ones would be eight times the round trips.
    const acks = await until('the YMODEM download logged', () => /transfer ended .*protocol=ymodem .*wireIn=(\d+)/.exec(board.output().slice(before))?.[1], 10_000);
    assert.ok(Number(acks) < 1100, `about 1,024 answers from the receiver (${acks} bytes)`);
    const xdir = callerFolder('xdown');
    assert.equal(await download(c, 'dl-mega.bin', 'K', ['rx', '--binary', '--quiet', 'got.bin'], xdir), 0);
    // A megabyte is a whole number of 1 KiB blocks: nothing padded.
    assert.equal(shaOf(join(xdir, 'got.bin')), seeded.get('dl-mega.bin'));
    const up = callerFolder('yup');
    writeFileSync(join(up, 'y-up.bin'), randomBytes(MiB + 17));
    c.line('U');
    await c.waitFor('Protocol');
    await c.waitFor(/> $/);
    const ysent = c.arm(['sb', '--binary', '--quiet', 'y-up.bin'], up, RECEIVER_READY);
    c.type('Y');
    assert.equal(await ysent, 0);
    await c.waitFor('Added y-up.bin', { timeoutMs: 30_000 });
    await c.waitFor(/ 1:/);
    c.line('');
    await c.waitFor('File number');
    await c.waitFor(/> $/);
    assert.equal((await store.files.findByName('general', 'y-up.bin'))?.sha256, shaOf(join(up, 'y-up.bin')));
    writeFileSync(join(up, 'x-up.bin'), randomBytes(MiB));
    c.line('U');
    await c.waitFor('Protocol');
    await c.waitFor(/> $/);
    c.type('K');
    await c.waitFor('Name of the file');
    await c.waitFor(/> $/);
    await afterHotKey();
    const xsent = c.arm(['sx', '--1k', '--binary', '--verbose', 'x-up.bin'], up, RECEIVER_READY);
    c.line('x-named.bin');
    // The upload screen and the receiver's first 'C' read in one go, as on a busy machine: the sender gets the 'C' alone.
    busyFor(500);
    const xcode = await xsent;
    assert.equal(xcode, 0, `sx ended with ${xcode}\n${c.lastProgram()}\n${transferLines(board.output())}`);
    await c.waitFor('Added x-named.bin', { timeoutMs: 30_000 });
    assert.equal((await store.files.findByName('general', 'x-named.bin'))?.sha256, shaOf(join(up, 'x-up.bin')));
  } finally {
    c.close();
  }
});

test('a caller whose program is killed mid-upload is back at the file menu, with no partial file and no rz left', { timeout: 120_000 }, async () => {
  const c = await telnetCaller('Kim');
  try {
    await toArea(c);
    const up = callerFolder('killed');
    writeFileSync(join(up, 'cut.bin'), randomBytes(64 * MiB));
    c.line('U');
    await c.waitFor('Protocol');
    await c.waitFor(/> $/);
    // Slowed down (-l: 1 KiB blocks, no streaming) so it is surely mid-file when killed.
    const sent = c.arm(['sz', '--binary', '--quiet', '--framelen', '1024', 'cut.bin'], up, ZRINIT);
    c.type('Z');
    await until('rz running on the board', () => boardLrzsz().length > 0 || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    c.killProgram();
    await sent;
    // The caller's terminal program is gone; the caller types CAN CAN CAN as a terminal does to give up.
    c.type('\x18'.repeat(8));
    await until('rz ended on the board', () => boardLrzsz().length === 0 || undefined, 90_000, 5);
    // What was still on its way when the board's program ended: were it taken as keys, each Enter would go back a screen.
    c.type('\r\r\rC\r');
    await c.waitFor(/cancelled|No file arrived/i, { timeoutMs: 30_000 });
    await c.waitFor('File number', { timeoutMs: 30_000 });
    await afterHotKey();
    c.line('1');
    await c.waitFor('D download');
    assert.equal(await store.files.findByName('general', 'cut.bin'), null);
    const incoming = join(library.folderOf(library.area('general')!), '.incoming');
    assert.deepEqual(readdirSync(incoming).flatMap((d) => readdirSync(join(incoming, d))), []);
  } finally {
    c.close();
  }
});

test('a line dropped mid-download leaves no sz behind', { timeout: 60_000 }, async () => {
  const c = await telnetCaller('Dot');
  await toArea(c);
  const num = /\[ ?(\d+)\] dl-big\.bin /.exec(c.text(0).slice(c.text(0).lastIndexOf('GENERAL FILES')))?.[1];
  c.line(num!);
  await c.waitFor('D download');
  await c.waitFor(/> $/);
  c.type('D');
  await c.waitFor('Protocol');
  await c.waitFor(/> $/);
  // Nobody receives: the board's sz waits for a receiver until the line drops.
  c.type('Z');
  await until('sz running on the board', () => boardLrzsz().length > 0 || undefined, 10_000);
  c.close();
  await until('no lrzsz left on the board', () => boardLrzsz().length === 0 || undefined, 15_000);
});

test('ZMODEM through OpenSSH ssh -tt: a 64 MiB download and a 1 MiB upload arrive whole', { timeout: 180_000 }, async () => {
  const made = await store.users.create('Sam', 'password1', { claim: 'none' });
  assert.ok(made.ok);
  const c = new LrzszSsh(board.ports.ssh!, 'Sam', { password: 'password1' });
  try {
    await c.waitFor('go on?', 20_000);
    c.type('y');
    await c.waitFor('MAIN MENU');
    c.type('F');
    await c.waitFor('Area number');
    await afterHotKey();
    c.line('1');
    await c.waitFor('File number');
    // The newest first: the four seeded files are 1-4 below anything uploaded since.
    const files = await store.files.list('general', { offset: 0, limit: 100 });
    const num = files.findIndex((f) => f.name === 'dl-big.bin') + 1;
    c.line(String(num));
    await c.waitFor('D download');
    c.type('D');
    await c.waitFor('Protocol');
    const dir = callerFolder('sshdown');
    const got = c.arm(['rz', '--binary', '--quiet'], dir);
    c.type('Z');
    assert.equal(await got, 0);
    assert.equal(shaOf(join(dir, 'dl-big.bin')), seeded.get('dl-big.bin'));
    await c.waitFor('Enter to go back');
    await afterHotKey();
    c.type('\r');
    await c.waitFor('File number');
    const up = callerFolder('sshup');
    writeFileSync(join(up, 'ssh-up.bin'), randomBytes(MiB));
    c.line('U');
    await c.waitFor('Protocol');
    const sent = c.arm(['sz', '--binary', '--verbose', 'ssh-up.bin'], up, ZRINIT);
    c.type('Z');
    // The upload screen and the receiver's ZRINIT read in one go: the sender gets the header on, not the screen's words.
    busyFor(500);
    const code = await sent;
    assert.equal(code, 0, `sz ended with ${code}\n${c.lastProgram()}\n${transferLines(board.output())}`);
    await c.waitFor('Added ssh-up.bin', 30_000);
    assert.equal((await store.files.findByName('general', 'ssh-up.bin'))?.sha256, shaOf(join(up, 'ssh-up.bin')));
  } finally {
    c.close();
  }
});
