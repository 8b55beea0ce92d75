import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { FileAreaDefinition } from '../../../src/config/file-areas.js';
import { FileLibrary } from '../../../src/files/file-library.js';
import { readFileIdDiz } from '../../../src/files/file-id-diz.js';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite-store.js';
import { createLogger } from '../../../src/logger.js';

const MiB = 1024 * 1024;

function area(name: string, extra: Partial<FileAreaDefinition> = {}): FileAreaDefinition {
  return { name, title: name.toUpperCase(), description: '', folder: null, list: 'new', download: 'new', upload: 'member', maxUpload: 0, quotaPerUser: 0, quotaPerArea: 0, ...extra };
}

interface Fixture {
  dir: string;
  store: SqliteStore;
  library: FileLibrary;
  logs: string[];
  userId: number;
  /** A file in a fresh upload folder of `areaName`, as a transfer would leave it. */
  arrive: (areaName: string, name: string, bytes: Buffer | string) => Promise<string>;
}

async function fixture(areas: FileAreaDefinition[], run: (f: Fixture) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-files-'));
  const store = openSqliteStore(join(dir, 'bbs.db'));
  const logs: string[] = [];
  const library = new FileLibrary({ store, areas, data: dir, log: createLogger({ format: 'json', level: 'debug', write: (l) => logs.push(l) }) });
  try {
    await library.prepare();
    const created = await store.users.create('Alice', 'password1');
    assert.ok(created.ok);
    const user = created.user;
    const arrive = async (areaName: string, name: string, bytes: Buffer | string): Promise<string> => {
      const folder = await library.incoming(library.area(areaName)!, user.id);
      const path = join(folder, name);
      writeFileSync(path, bytes);
      return path;
    };
    await run({ dir, store, library, logs, userId: user.id, arrive });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A ZIP made by Python's zipfile: `entries` name → bytes (latin-1 string). */
function zipOf(path: string, entries: Record<string, string>): void {
  const script = `import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\nfor k, v in json.loads(sys.stdin.read()).items(): z.writestr(k, v.encode('latin-1'))\nz.close()`;
  execFileSync('python3', ['-c', script, path], { input: JSON.stringify(entries) });
}

function incomingLeft(library: FileLibrary, name: string): string[] {
  const incoming = join(library.folderOf(library.area(name)!), '.incoming');
  return readdirSync(incoming).flatMap((d) => readdirSync(join(incoming, d)));
}

void test('an upload is checked, renamed into its area whole, recorded, and its temporary file is gone', () =>
  fixture([area('general')], async ({ library, store, arrive, userId }) => {
    const temp = await arrive('general', 'hello.txt', 'hello world');
    const accepted = await library.accept({ area: 'general', tempPath: temp, name: 'hello.txt', uploaderId: userId, description: 'a greeting' });
    assert.ok(accepted.ok);
    assert.equal(accepted.file.size, 11);
    assert.equal(accepted.file.sha256, createHash('sha256').update('hello world').digest('hex'));
    assert.equal(accepted.file.uploaderName, 'Alice');
    assert.equal(readFileSync(library.pathOf(accepted.file)!, 'utf8'), 'hello world');
    assert.equal(existsSync(temp), false);
    assert.equal((await store.files.findByName('general', 'HELLO.TXT'))?.description, 'a greeting');
  }));

void test('the size cap, the quota per account and the quota per area refuse an upload with a reason and leave nothing behind', () =>
  fixture([area('capped', { maxUpload: 100 }), area('mine', { quotaPerUser: 150 }), area('small', { quotaPerArea: 120 })], async ({ library, arrive, userId, store }) => {
    const big = await library.accept({ area: 'capped', tempPath: await arrive('capped', 'big.bin', Buffer.alloc(101)), name: 'big.bin', uploaderId: userId });
    assert.ok(!big.ok && /at most 100 B/.test(big.reason), JSON.stringify(big));
    assert.ok((await library.accept({ area: 'mine', tempPath: await arrive('mine', 'one.bin', Buffer.alloc(100, 1)), name: 'one.bin', uploaderId: userId })).ok);
    assert.equal(await library.room(library.area('mine')!, userId), 50);
    const over = await library.accept({ area: 'mine', tempPath: await arrive('mine', 'two.bin', Buffer.alloc(60, 2)), name: 'two.bin', uploaderId: userId });
    assert.ok(!over.ok && /does not fit: 50 B left/.test(over.reason), JSON.stringify(over));
    assert.ok((await library.accept({ area: 'small', tempPath: await arrive('small', 'a.bin', Buffer.alloc(100, 3)), name: 'a.bin', uploaderId: null })).ok);
    const full = await library.accept({ area: 'small', tempPath: await arrive('small', 'b.bin', Buffer.alloc(30, 4)), name: 'b.bin', uploaderId: userId });
    assert.equal(full.ok, false);
    for (const name of ['capped', 'mine', 'small']) assert.deepEqual(incomingLeft(library, name), [], name);
    assert.deepEqual(readdirSync(library.folderOf(library.area('capped')!)).filter((n) => n !== '.incoming'), []);
    assert.equal(await store.files.count('mine'), 1);
  }));

void test('the same bytes twice in an area are refused; a name taken gets a number; a bad name is cleaned', () =>
  fixture([area('general')], async ({ library, arrive, userId }) => {
    const first = await library.accept({ area: 'general', tempPath: await arrive('general', 'a', 'same'), name: 'doom.zip.txt', uploaderId: userId });
    assert.ok(first.ok);
    const twin = await library.accept({ area: 'general', tempPath: await arrive('general', 'b', 'same'), name: 'other.txt', uploaderId: userId });
    assert.ok(!twin.ok && /already here, as doom.zip.txt/.test(twin.reason));
    const second = await library.accept({ area: 'general', tempPath: await arrive('general', 'c', 'different'), name: 'DOOM.zip.txt', uploaderId: userId });
    assert.ok(second.ok && second.file.name === 'DOOM.zip-2.txt', JSON.stringify(second));
    const cleaned = await library.accept({ area: 'general', tempPath: await arrive('general', 'd', 'x'), name: '../../etc/pass\u001bwd', uploaderId: userId });
    assert.ok(cleaned.ok && cleaned.file.name === 'pass_wd');
    const hopeless = await library.accept({ area: 'general', tempPath: await arrive('general', 'e', 'y'), name: '../..', uploaderId: userId });
    assert.equal(hopeless.ok, false);
  }));

void test("a ZIP's FILE_ID.DIZ becomes the description: CP437 decoded, colour codes and controls removed", () =>
  fixture([area('general')], async ({ library, arrive, userId, dir }) => {
    const zip = join(dir, 'game.zip');
    zipOf(zip, { 'FILE_ID.DIZ': '\x1b[1;33mSuper Game\x1b[0m v1.0\r\n\xb0\xb1\xb2 shareware \xdb\r\n\r\n\x1a junk after EOF', 'GAME.EXE': 'MZ...' });
    const accepted = await library.accept({ area: 'general', tempPath: await arrive('general', 'z', readFileSync(zip)), name: 'game.zip', uploaderId: userId });
    assert.ok(accepted.ok);
    assert.equal(accepted.file.description, 'Super Game v1.0\n░▒▓ shareware █');
    const zip2 = join(dir, 'game2.zip');
    zipOf(zip2, { 'FILE_ID.DIZ': 'Another game', 'GAME2.EXE': 'MZ...' });
    const own = await library.accept({ area: 'general', tempPath: await arrive('general', 'z2', readFileSync(zip2)), name: 'game2.zip', uploaderId: userId, description: 'my own words' });
    assert.ok(own.ok && own.file.description === 'my own words', "the uploader's words win over the DIZ");
  }));

void test('a broken ZIP is refused with the reason; a description that claims too much is skipped with a notice', () =>
  fixture([area('general')], async ({ library, arrive, userId, dir }) => {
    const broken = await library.accept({ area: 'general', tempPath: await arrive('general', 'b', 'PK\x03\x04 not really'), name: 'broken.zip', uploaderId: userId });
    assert.ok(!broken.ok && /not a readable ZIP/.test(broken.reason), JSON.stringify(broken));
    const bomb = join(dir, 'bomb.zip');
    zipOf(bomb, { 'FILE_ID.DIZ': 'A'.repeat(5 * MiB) });
    const accepted = await library.accept({ area: 'general', tempPath: await arrive('general', 'bomb', readFileSync(bomb)), name: 'bomb.zip', uploaderId: userId });
    assert.ok(accepted.ok && /claims 5242880 bytes/.test(accepted.notice ?? ''), JSON.stringify(accepted));
    assert.equal(accepted.file.description, '');
  }));

void test('a ZIP that lies about its description size is stopped while inflating, never read past the cap', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-zip-'));
  try {
    const path = join(dir, 'liar.zip');
    zipOf(path, { 'FILE_ID.DIZ': 'B'.repeat(2 * MiB) });
    const bytes = readFileSync(path);
    // Claim 100 bytes in the local header (offset 22) and in the central directory entry (offset 24 after its signature).
    bytes.writeUInt32LE(100, 22);
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(100, central + 24);
    writeFileSync(path, bytes);
    const result = await readFileIdDiz(path);
    assert.equal(result.ok, false);
    assert.equal(await readFileIdDiz(join(dir, 'missing.zip')).then((r) => r.ok), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('moving a file renames its bytes and its record; removing deletes both', () =>
  fixture([area('general'), area('archive')], async ({ library, arrive, userId, store }) => {
    const a = await library.accept({ area: 'general', tempPath: await arrive('general', 'a', 'aaa'), name: 'a.txt', uploaderId: userId });
    const b = await library.accept({ area: 'archive', tempPath: await arrive('archive', 'b', 'bbb'), name: 'a.txt', uploaderId: userId });
    assert.ok(a.ok && b.ok);
    assert.equal(await library.move(a.file, library.area('archive')!), 'a-2.txt');
    const moved = (await store.files.get(a.file.id))!;
    assert.equal(moved.area, 'archive');
    assert.equal(readFileSync(library.pathOf(moved)!, 'utf8'), 'aaa');
    assert.equal(existsSync(join(library.folderOf(library.area('general')!), 'a.txt')), false);
    await library.remove(moved);
    assert.equal(existsSync(library.pathOf(moved)!), false);
    assert.equal(await store.files.get(a.file.id), null);
  }));

void test('only upload folders may be discarded, and the ones a dead process left are cleared at start', () =>
  fixture([area('general')], async ({ library, dir }) => {
    await assert.rejects(library.discard(dir));
    await assert.rejects(library.discard(join(library.folderOf(library.area('general')!), '.incoming', '..', '..')));
    const stale = join(library.folderOf(library.area('general')!), '.incoming', '7-old');
    mkdirSync(stale);
    writeFileSync(join(stale, 'half.bin'), 'x');
    const long = new Date(Date.now() - 7 * 3600_000);
    utimesSync(stale, long, long);
    const fresh = await library.incoming(library.area('general')!, 7);
    await library.prepare();
    assert.equal(existsSync(stale), false);
    assert.equal(existsSync(fresh), true);
  }));
