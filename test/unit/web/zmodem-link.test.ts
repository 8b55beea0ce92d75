import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createZmodemLink, type ZmodemIo, type ZmodemLink } from '../../../web/zmodem-link.js';
import { until } from '../../helpers/until.js';

// The page's transfer code against Debian's lrzsz, the same programs the board runs for a transfer.
const Zmodem: unknown = createRequire(import.meta.url)('zmodem.js');
const skip = existsSync('/usr/bin/sz') && existsSync('/usr/bin/rz') ? false : 'lrzsz is missing: apt-get install -y lrzsz';
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

interface Caller {
  link: ZmodemLink;
  screen: () => string;
  saved: Array<{ name: string; bytes: Buffer }>;
  statuses: string[];
  exited: Promise<number | null>;
}

/** One lrzsz program on the other end of a page's link, bytes untouched both ways, as over the WebSocket. */
async function call(t: TestContext, args: string[], pick: () => Promise<File[]>): Promise<Caller & { dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'bbs-zmodem-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const child = spawn(args[0]!, args.slice(1), { cwd: dir, stdio: ['pipe', 'pipe', 'ignore'] });
  t.after(() => child.kill('SIGKILL'));
  // A cancelled program may be gone before the last of the cancel reaches it.
  child.stdin.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const terminal: Buffer[] = [];
  const saved: Caller['saved'] = [];
  const statuses: string[] = [];
  const io: ZmodemIo = {
    Zmodem,
    write: (bytes) => terminal.push(Buffer.from(bytes)),
    send: (bytes) => {
      if (child.stdin.writable) child.stdin.write(Buffer.from(bytes));
    },
    drained: () => Promise.resolve(),
    save: (name, chunks) => saved.push({ name, bytes: Buffer.concat(chunks) }),
    pickFiles: pick,
    status: (text) => {
      if (text) statuses.push(text);
    },
  };
  const link = createZmodemLink(io);
  child.stdout.on('data', (chunk: Buffer) => link.receive(new Uint8Array(chunk)));
  return { dir, link, saved, statuses, exited, screen: () => Buffer.concat(terminal).toString('latin1') };
}

void test('a download from sz is saved under its name with the same bytes, and the page is a terminal again', { skip, timeout: 30_000 }, async (t) => {
  const src = await mkdtemp(join(tmpdir(), 'bbs-zmodem-src-'));
  t.after(() => rm(src, { recursive: true, force: true }));
  const body = randomBytes(300_000);
  // Every byte ZMODEM must escape, in a row: ZDLE, XON, XOFF, CR after @, and the high-bit twins.
  body.set([0x18, 0x11, 0x13, 0x91, 0x93, 0x40, 0x0d, 0x8d, 0x2a, 0x2a, 0x18, 0x42], 1000);
  await writeFile(join(src, 'game.zip'), body);
  const caller = await call(t, ['sz', join(src, 'game.zip')], () => Promise.resolve([]));
  assert.equal(await caller.exited, 0);
  await until('the file saved', () => caller.saved.length === 1);
  assert.equal(caller.saved[0]!.name, 'game.zip');
  assert.equal(sha(caller.saved[0]!.bytes), sha(body));
  assert.equal(caller.link.mode, 'idle');
  assert.ok(caller.statuses.some((s) => /game\.zip: \d+ of 300000 bytes \d+%/.test(s)), caller.statuses.join('\n'));
  // The header never reaches the screen as garbage, and text after the transfer is drawn as usual.
  assert.doesNotMatch(caller.screen(), /\*\*\x18B/);
  caller.link.receive(new TextEncoder().encode('back at the menu'));
  assert.match(caller.screen(), /back at the menu$/);
});

void test('an upload to rz sends the picked files whole, one after the other', { skip, timeout: 30_000 }, async (t) => {
  const first = randomBytes(70_000);
  const second = new TextEncoder().encode('a small text\r\n');
  const caller = await call(t, ['rz', '--binary'], () => Promise.resolve([new File([first], 'one.bin'), new File([second], 'two.txt')]));
  assert.equal(await caller.exited, 0);
  assert.equal(sha(await readFile(join(caller.dir, 'one.bin'))), sha(first));
  assert.equal(sha(await readFile(join(caller.dir, 'two.txt'))), sha(second));
  await until('the page back at the terminal', () => caller.link.mode === 'idle');
});

void test('a cancelled file picker cancels rz, which ends, and the page is a terminal again', { skip, timeout: 30_000 }, async (t) => {
  const caller = await call(t, ['rz', '--binary'], () => Promise.resolve([]));
  const code = await caller.exited;
  assert.notEqual(code, 0);
  assert.equal(caller.link.mode, 'idle');
  assert.ok(caller.statuses.includes('↑ no file chosen: transfer cancelled'), caller.statuses.join('\n'));
  caller.link.receive(new TextEncoder().encode('File menu'));
  assert.match(caller.screen(), /File menu$/);
});

void test('Esc in the middle of an upload cancels it; keys during a transfer never reach the board', { skip, timeout: 30_000 }, async (t) => {
  let picked!: (files: File[]) => void;
  const caller = await call(t, ['rz', '--binary'], () => new Promise((resolve) => (picked = resolve)));
  await until('an upload session', () => caller.link.mode === 'send');
  assert.equal(caller.link.key('x'), true);
  assert.equal(caller.link.key('\x1b'), true);
  assert.equal(caller.link.mode, 'idle');
  assert.notEqual(await caller.exited, 0);
  // The picker answering late changes nothing.
  picked([new File(['late'], 'late.txt')]);
  assert.equal(caller.link.key('x'), false);
  assert.ok(!existsSync(join(caller.dir, 'late.txt')));
});

void test('five Ctrl-X cancel a download; four do not', { skip, timeout: 30_000 }, async (t) => {
  const src = await mkdtemp(join(tmpdir(), 'bbs-zmodem-src-'));
  t.after(() => rm(src, { recursive: true, force: true }));
  await writeFile(join(src, 'big.bin'), randomBytes(20_000_000));
  const caller = await call(t, ['sz', join(src, 'big.bin')], () => Promise.resolve([]));
  await until('the download under way', () => caller.statuses.some((s) => s.startsWith('↓ big.bin')));
  for (let i = 0; i < 4; i++) caller.link.key('\x18');
  assert.equal(caller.link.mode, 'receive');
  const before = caller.screen().length;
  caller.link.key('\x18');
  assert.equal(caller.link.mode, 'idle');
  assert.notEqual(await caller.exited, 0);
  assert.equal(caller.saved.length, 0);
  // What sz still had in flight when it was cancelled is not drawn as garbage.
  assert.doesNotMatch(caller.screen().slice(before), /\x18/);
  caller.link.receive(new TextEncoder().encode('File menu'));
  assert.match(caller.screen(), /File menu$/);
});

void test('a broken stream mid-session ends the session instead of leaving the page in ZMODEM', { skip }, () => {
  const sent: Uint8Array[] = [];
  const link = createZmodemLink({
    Zmodem,
    write: () => {},
    send: (b) => sent.push(b),
    drained: () => Promise.resolve(),
    save: () => {},
    pickFiles: () => Promise.resolve([]),
    status: () => {},
  });
  link.receive(new Uint8Array(Buffer.from('rz\r**\x18B00000000000000\r\x8a\x11', 'latin1')));
  assert.equal(link.mode, 'receive');
  // A binary header whose CRC is wrong.
  link.receive(Uint8Array.from([0x2a, 0x18, 0x41, 0x04, 0, 0, 0, 0, 0x12, 0x34]));
  assert.equal(link.mode, 'idle');
  // The board's program was told: five CANs.
  const last = [...(sent.at(-1) ?? [])];
  assert.deepEqual(last.slice(0, 5), [0x18, 0x18, 0x18, 0x18, 0x18]);
});

void test('a session in which nothing moves is cancelled, so the page never stays in ZMODEM', { skip }, async () => {
  const sent: Uint8Array[] = [];
  const statuses: string[] = [];
  const link = createZmodemLink({
    Zmodem,
    write: () => {},
    send: (b) => sent.push(b),
    drained: () => Promise.resolve(),
    save: () => {},
    pickFiles: () => Promise.resolve([]),
    status: (text) => text && statuses.push(text),
    stallMs: 200,
  });
  link.receive(new Uint8Array(Buffer.from('rz\r**\x18B00000000000000\r\x8a\x11', 'latin1')));
  assert.equal(link.mode, 'receive');
  await until('the stalled session cancelled', () => link.mode === 'idle', 3000);
  assert.match(statuses.at(-1) ?? '', /nothing arrived/);
  assert.deepEqual([...(sent.at(-1) ?? [])].slice(0, 5), [0x18, 0x18, 0x18, 0x18, 0x18]);
});
