import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFileAreas } from '../../src/config/file-areas.js';
import { DOWNLOAD_LINK_LIFETIME_S, downloadLinkFor, downloadPath, linkSecret, signDownloadLink } from '../../src/files/download-link.js';
import { FileLibrary } from '../../src/files/file-library.js';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import type { FileEntry, User } from '../../src/store/types.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';
import { TelnetClient } from '../callers/telnet.js';
import { logIn } from '../helpers/terminal-login.js';

const AREAS_YAML = `files:
  - name: general
    title: General files
    download: new
  - name: vault
    title: The vault
    list: new
    download: sysop
`;

let board: BoardProcess;
let store: SqliteStore;
let scratch: string;
let base: string;
let sysop: User;
let caller: User;
let big: { entry: FileEntry; bytes: Buffer };
let odd: { entry: FileEntry; bytes: Buffer };
let vaulted: FileEntry;
let hidden: FileEntry;

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Puts a file in an area the way the sysop does (checked, renamed into place, recorded). */
async function importInto(library: FileLibrary, area: string, name: string, bytes: Buffer): Promise<FileEntry> {
  const path = join(scratch, name);
  await writeFile(path, bytes);
  const accepted = await library.importFile(path, library.area(area)!);
  assert.ok(accepted.ok, JSON.stringify(accepted));
  return accepted.file;
}

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bbs-links-'));
  await writeFile(join(scratch, 'bbs.yaml'), AREAS_YAML);
  board = await startBoardProcess({ args: ['--config', join(scratch, 'bbs.yaml')] });
  base = `http://127.0.0.1:${board.ports.http}`;
  // The test's own connection to the board's database: accounts and files go in beside the running board.
  store = openSqliteStore(join(board.data, 'bbs.db'));
  const areas = parseFileAreas([{ name: 'general', download: 'new' }, { name: 'vault', list: 'new', download: 'sysop' }], (m) => assert.fail(m));
  const library = new FileLibrary({ store, areas, data: board.data, log: silentLogger });
  const made = async (name: string, claim: 'first' | 'none'): Promise<User> => {
    const r = await store.users.create(name, 'password1', { claim });
    assert.ok(r.ok);
    return r.user;
  };
  sysop = await made('Sysop', 'first');
  caller = await made('Newbie', 'none');
  assert.equal(sysop.level, 'sysop');
  assert.equal(caller.level, 'new');
  const bigBytes = randomBytes(16 * 1024 * 1024 + 123);
  big = { entry: await importInto(library, 'general', 'big.bin', bigBytes), bytes: bigBytes };
  // Quotes never get through an upload's name check, but a sysop may rename a file on disk: the header must hold anyway.
  const oddBytes = randomBytes(5000);
  const oddName = `Grüße "mix" l'été.bin`;
  await writeFile(join(library.folderOf(library.area('general')!), oddName), oddBytes);
  odd = { entry: await store.files.add({ area: 'general', name: oddName, size: oddBytes.length, sha256: sha(oddBytes), description: '', uploaderId: null }), bytes: oddBytes };
  vaulted = await importInto(library, 'vault', 'secret.txt', Buffer.from('for the sysop only\n'));
  hidden = await importInto(library, 'general', 'hidden.bin', randomBytes(100));
  await store.files.setHidden(hidden.id, true);
});

after(async () => {
  await store?.close();
  await board?.stop();
  await rm(scratch, { recursive: true, force: true });
  if (board) await rm(board.data, { recursive: true, force: true });
});

interface Fetched {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

/** One request with the real curl; `out` keeps the body in a file of the caller's (for resumes). */
async function curl(path: string, args: string[] = [], out = join(scratch, `body-${randomBytes(4).toString('hex')}`)): Promise<Fetched> {
  const headerFile = `${out}.headers`;
  const status = await new Promise<string>((resolve, reject) =>
    execFile('curl', ['-sS', '--max-time', '30', '-D', headerFile, '-o', out, '-w', '%{http_code}', ...args, base + path], (err, stdout, stderr) =>
      err ? reject(new Error(`curl ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    ),
  );
  // Only the last response's headers: a resume may show none before it.
  const blocks = (await readFile(headerFile, 'latin1')).split(/\r\n\r\n/).filter((b) => b.trim() !== '');
  const headers = new Map<string, string>();
  for (const line of (blocks.pop() ?? '').split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = await readFile(out).catch(() => Buffer.alloc(0));
  return { status: Number(status), headers, body };
}

const linkFor = (file: FileEntry, user: User): Promise<string> => downloadLinkFor(store, file, user);
const downloads = async (file: FileEntry): Promise<number> => (await store.files.get(file.id))!.downloads;

test('a link downloads the file whole, with the headers a download needs, and counts one download', { timeout: 60_000 }, async () => {
  const res = await curl(await linkFor(big.entry, caller));
  assert.equal(res.status, 200);
  assert.equal(sha(res.body), big.entry.sha256);
  assert.equal(res.headers.get('content-length'), String(big.bytes.length));
  assert.equal(res.headers.get('content-type'), 'application/octet-stream');
  assert.equal(res.headers.get('accept-ranges'), 'bytes');
  assert.equal(res.headers.get('cache-control'), 'private');
  assert.equal(res.headers.get('etag'), `"${big.entry.sha256}"`);
  assert.equal(res.headers.get('last-modified'), big.entry.uploadedAt.toUTCString());
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="big.bin"; filename*=UTF-8''big.bin`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  assert.equal(await downloads(big.entry), 1);
});

test('a name with spaces, UTF-8 and quotes gets a safe ASCII fallback and its exact name in filename*', async () => {
  const res = await curl(await linkFor(odd.entry, caller));
  assert.equal(res.status, 200);
  assert.equal(sha(res.body), sha(odd.bytes));
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="Gr__e _mix_ l'_t_.bin"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22mix%22%20l%27%C3%A9t%C3%A9.bin`);
});

test('the name in the path is cosmetic: the token decides what is served', async () => {
  const path = await linkFor(odd.entry, caller);
  const res = await curl(path.replace(/\/[^/]+$/, '/something-else.exe'));
  assert.equal(res.status, 200);
  assert.equal(sha(res.body), sha(odd.bytes));
});

test('an expired link answers 410 and says to ask for a new one', async () => {
  const then = new Date(Date.now() - (DOWNLOAD_LINK_LIFETIME_S + 5) * 1000);
  const res = await curl(await downloadLinkFor(store, odd.entry, caller, then));
  assert.equal(res.status, 410);
  assert.equal(res.body.toString(), 'This link has expired: ask the board for a new one.\n');
});

test('a token with another account swapped in, or any byte changed, is refused with 403', async () => {
  const path = await linkFor(vaulted, caller);
  const token = path.split('/')[2]!;
  const bytes = Buffer.from(token, 'base64url');
  // The account id is the second 6-byte field after the version byte.
  const swapped = Buffer.from(bytes);
  swapped.writeUIntBE(sysop.id, 7, 6);
  const res = await curl(downloadPath(swapped.toString('base64url'), 'secret.txt'));
  assert.equal(res.status, 403);
  assert.equal(res.body.toString(), 'This download link is not valid.\n');
  for (const at of [0, 3, 10, 18, 19, 40, bytes.length - 1]) {
    const bent = Buffer.from(bytes);
    bent[at]! ^= 0x20;
    const r = await curl(downloadPath(bent.toString('base64url'), 'secret.txt'));
    assert.equal(r.status, 403, `byte ${at}`);
  }
  const garbage = await curl('/files/not-a-token/x');
  assert.equal(garbage.status, 403);
});

test('an account whose level may not download from the area gets 403; the sysop gets the file', async () => {
  const refused = await curl(await linkFor(vaulted, caller));
  assert.equal(refused.status, 403);
  assert.match(refused.body.toString(), /may not download from this area/);
  const allowed = await curl(await linkFor(vaulted, sysop));
  assert.equal(allowed.status, 200);
  assert.equal(allowed.body.toString(), 'for the sysop only\n');
});

test('a link stops working when its account is banned', async () => {
  const other = await store.users.create('Shortlived', 'password1');
  assert.ok(other.ok);
  const path = await linkFor(odd.entry, other.user);
  assert.equal((await curl(path)).status, 200);
  await store.users.setBanned(other.user.id, true);
  assert.equal((await curl(path)).status, 403);
});

test('a hidden file, and a file that is gone, answer 404', async () => {
  const res = await curl(await linkFor(hidden, sysop));
  assert.equal(res.status, 404);
  assert.equal(res.body.toString(), 'No such file.\n');
  const token = signDownloadLink(await linkSecret(store), { fileId: 999_999, userId: caller.id, expires: Math.floor(Date.now() / 1000) + 60 });
  assert.equal((await curl(downloadPath(token, 'x'))).status, 404);
});

test('curl -r and curl -C - resume with 206, and the joined file is the file', { timeout: 60_000 }, async () => {
  const path = await linkFor(big.entry, caller);
  const before = await downloads(big.entry);
  const part = await curl(path, ['-r', '100-199']);
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 100-199/${big.bytes.length}`);
  assert.equal(part.headers.get('content-length'), '100');
  assert.deepEqual(part.body, big.bytes.subarray(100, 200));

  const out = join(scratch, 'resumed.bin');
  const first = await curl(path, ['-r', '0-1048575'], out);
  assert.equal(first.status, 206);
  assert.equal(first.body.length, 1048576);
  const rest = await curl(path, ['-C', '-'], out);
  assert.equal(rest.status, 206);
  assert.equal(rest.headers.get('content-range'), `bytes 1048576-${big.bytes.length - 1}/${big.bytes.length}`);
  assert.equal(sha(await readFile(out)), big.entry.sha256);

  const tail = await curl(path, ['-H', 'Range: bytes=-10']);
  assert.equal(tail.status, 206);
  assert.deepEqual(tail.body, big.bytes.subarray(big.bytes.length - 10));
  // Pieces are not downloads: only a whole file from its first byte counts.
  assert.equal(await downloads(big.entry), before);
});

test('If-Range with another file\'s tag gets the whole file, so a resume never splices two files', async () => {
  const res = await curl(await linkFor(odd.entry, caller), ['-r', '10-19', '-H', 'If-Range: "0000"']);
  assert.equal(res.status, 200);
  assert.equal(res.body.length, odd.bytes.length);
  const same = await curl(await linkFor(odd.entry, caller), ['-r', '10-19', '-H', `If-Range: "${odd.entry.sha256}"`]);
  assert.equal(same.status, 206);
});

test('ranges outside the file answer 416 with the size; several ranges get the whole file', async () => {
  const path = await linkFor(odd.entry, caller);
  for (const range of ['bytes=5000-', 'bytes=99999-100000', 'bytes=-0']) {
    const res = await curl(path, ['-H', `Range: ${range}`]);
    assert.equal(res.status, 416, range);
    assert.equal(res.headers.get('content-range'), `bytes */${odd.bytes.length}`, range);
  }
  const several = await curl(path, ['-r', '0-1,5-6']);
  assert.equal(several.status, 200);
  assert.equal(several.body.length, odd.bytes.length);
});

test('HEAD answers the headers without the body and counts nothing', async () => {
  const before = await downloads(big.entry);
  const res = await curl(await linkFor(big.entry, caller), ['-I']);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-length'), String(big.bytes.length));
  assert.equal(res.headers.get('accept-ranges'), 'bytes');
  // With -I curl writes the headers where the body would go: that must be all there is.
  assert.match(res.body.toString('latin1'), /^HTTP\/1\.1 200 OK\r\n[\x20-\x7e\r\n]*\r\n\r\n$/);
  assert.equal(await downloads(big.entry), before);
  const post = await curl(await linkFor(big.entry, caller), ['-X', 'POST']);
  assert.equal(post.status, 405);
});

/** Descriptors of the board process that point at this file. */
function fdsOn(pid: number, path: string): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

test('a client that stops reading and hangs up mid-file leaves no open descriptor behind', { timeout: 30_000 }, async () => {
  const pid = board.child.pid!;
  const file = join(board.data, 'files', 'general', 'big.bin');
  const path = await linkFor(big.entry, caller);
  const socket = connect(board.ports.http!, '127.0.0.1');
  let received = 0;
  socket.on('error', () => {});
  socket.on('data', (d: Buffer) => {
    received += d.length;
    // Stop reading after the first bytes: the board's writes back up with most of the file unsent.
    socket.pause();
  });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
  await until('the board to hold the file open for the download', () => fdsOn(pid, file) === 1, 10_000);
  assert.ok(received > 0 && received < big.bytes.length);
  socket.destroy();
  await until('the board to close the file after the hang-up', () => fdsOn(pid, file) === 0, 10_000);
  // The board still answers afterwards.
  assert.equal((await curl(await linkFor(odd.entry, caller))).status, 200);
});

test("a file's screen over telnet shows the caller's own link, and curl fetches the file with it", { timeout: 60_000 }, async () => {
  const c = await TelnetClient.connect(board.ports.telnet!, { cols: 132, rows: 40 });
  try {
    await logIn({ expect: (p) => c.waitFor(p), send: (k) => c.type(k), line: (t) => c.line(t) }, 'Newbie', 'password1', { key: 'y' });
    await c.waitFor(/> $/);
    c.type('F');
    await c.waitFor('Area number');
    await c.waitFor(/> $/);
    const listed = c.mark();
    c.line('1');
    await c.waitFor('File number');
    const num = /\[ ?(\d+)\] big\.bin/.exec(c.text(listed))?.[1];
    assert.ok(num, c.text(listed));
    await c.waitFor(/> $/);
    const card = c.mark();
    c.line(num);
    await c.waitFor(/Enter to go back:/);
    const url = /yours only, good for 24 hours:\s*(\S+)/.exec(c.text(card))?.[1] ?? '';
    assert.ok(url.startsWith(`${base}/files/`), c.text(card));
    const fetched = await curl(url.slice(base.length));
    assert.equal(fetched.status, 200);
    assert.equal(sha(fetched.body), big.entry.sha256);
  } finally {
    c.close();
  }
});
