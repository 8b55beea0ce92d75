import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { parseFileAreas } from '../../src/config/file-areas.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { identity, run, SFTP, SSH_INSTALL, sshKeygen, type RunResult } from '../helpers/ssh-client.js';
import { seedFileAreas, sftpOptions } from '../helpers/file-areas-board.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { requireTool } from '../helpers/tools.js';
import { until } from '../helpers/until.js';

const AREAS = [
  { name: 'general', title: 'General files', list: 'new', download: 'new', upload: 'member', max_upload: '1M', quota_per_user: '300K' },
  { name: 'archive', title: 'The archive', list: 'new', download: 'new', upload: 'sysop' },
  { name: 'private', title: 'Sysop only', list: 'sysop', download: 'sysop', upload: 'sysop' },
];
const KiB = 1024;

let board: BoardProcess;
let data: string;
let work: string;
let key: string;
let aliceId: number;
const big = randomBytes(200 * KiB);
const areas = parseFileAreas(AREAS, (m) => {
  throw new Error(m);
});
const general = areas[0]!;

/** The board's data folder, made before it starts: its config, an account with a linked key, and files in the areas. */
async function seed(): Promise<void> {
  await sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'alice', '-f', key]);
  const source = join(work, 'source');
  await mkdir(source);
  await writeFile(join(source, 'readme.txt'), 'Welcome to the file areas.\n');
  await writeFile(join(source, 'big.bin'), big);
  await writeFile(join(source, 'secret.txt'), 'for the sysop only\n');
  await writeFile(join(source, 'old.txt'), 'old news\n');
  aliceId = await seedFileAreas(data, {
    areas: AREAS,
    account: { name: 'Alice', password: 'alice-pass-1', level: 'member', publicKey: `${key}.pub` },
    files: [[join(source, 'readme.txt'), 'general'], [join(source, 'big.bin'), 'general'], [join(source, 'secret.txt'), 'private'], [join(source, 'old.txt'), 'archive']],
    more: async ({ library, store }) => {
      // A link the sysop left in an area folder, with a record naming it: it must never be followed.
      await symlink('/etc/passwd', join(library.folderOf(general), 'evil.txt'));
      await store.files.add({ area: 'general', name: 'evil.txt', size: 100, sha256: '0'.repeat(64), description: '', uploaderId: null });
    },
  });
}

before(async () => {
  data = await mkdtemp(join(tmpdir(), 'bbs-sftp-'));
  work = await mkdtemp(join(tmpdir(), 'bbs-sftp-work-'));
  key = join(work, 'id_alice');
  await seed();
  board = await startBoardProcess({ data });
});
after(async () => {
  await board?.stop();
  await board?.exited;
  await rm(data, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

function needSftp(t: TestContext): boolean {
  return requireTool(t, SFTP(), 'the sftp client', SSH_INSTALL);
}

let batches = 0;
/** OpenSSH's sftp running these commands (a leading `-` lets one fail and the rest go on). */
async function sftp(commands: string[], user = 'Alice', withKey: string | null = key): Promise<RunResult> {
  const batch = join(work, `batch-${++batches}`);
  await writeFile(batch, commands.join('\n') + '\n');
  const options = withKey ? sftpOptions(board.ports.ssh!, withKey) : ['-F', '/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', ...identity(null), '-P', String(board.ports.ssh)];
  return run('sftp', [...options, '-b', batch, `${user}@127.0.0.1`], 30_000);
}

/** The board's records, read beside the running board (SQLite in WAL mode lets a second reader in). */
async function records<T>(read: (store: ReturnType<typeof openSqliteStore>) => Promise<T>): Promise<T> {
  const store = openSqliteStore(join(data, 'bbs.db'));
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

/** The board writes its log a moment after it answered the client. */
function logged(line: RegExp): Promise<true> {
  return until(() => `a log line ${line}:\n${board.output()}`, () => line.test(board.output()), 5000);
}

async function incomingLeft(): Promise<string[]> {
  const left: string[] = [];
  for (const a of areas) left.push(...(await readdir(join(data, 'files', a.name, '.incoming'))));
  return left;
}

test('ls shows the areas the account may list, and an area its visible files and upload/', { timeout: 60_000 }, async (t) => {
  if (!needSftp(t)) return;
  const r = await sftp(['pwd', 'ls -1 /', 'ls -l /general', 'ls -1 /archive']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Remote working directory: \/\n/);
  const root = r.stdout.split('sftp> ls -1 /\n')[1]!.split('sftp>')[0]!;
  assert.deepEqual(root.trim().split('\n').sort(), ['/archive', '/general'], 'the sysop-only area is not listed');
  assert.match(r.stdout, /dr[w-]xr-xr-x .* upload\n/);
  assert.match(r.stdout, /-r--r--r-- .* 204800 .* big\.bin\n/);
  assert.match(r.stdout, /-r--r--r-- .* 27 .* readme\.txt\n/);
  assert.doesNotMatch(r.stdout.split('sftp> ls -1 /archive')[1]!, /upload/, 'no upload/ where the level may not upload');
});

test('get brings the exact bytes, and the download is counted once', { timeout: 60_000 }, async (t) => {
  if (!needSftp(t)) return;
  const local = join(work, 'got.bin');
  const r = await sftp(['cd general', `get big.bin ${local}`]);
  assert.equal(r.code, 0, r.stderr);
  const got = await readFile(local);
  assert.equal(createHash('sha256').update(got).digest('hex'), createHash('sha256').update(big).digest('hex'));
  const file = await until('the download counted', () => records((s) => s.files.findByName('general', 'big.bin')).then((f) => (f?.downloads === 1 ? f : null)), 5000);
  assert.equal(file.downloads, 1);
});

test('put into upload/ adds the file to the area, by its uploader, only once it is whole', { timeout: 60_000 }, async (t) => {
  if (!needSftp(t)) return;
  const local = join(work, 'mine.txt');
  const bytes = randomBytes(50 * KiB);
  await writeFile(local, bytes);
  const r = await sftp([`put ${local} /general/upload/my-upload.bin`, 'ls -1 /general/upload', 'ls -1 /general']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.split('sftp> ls -1 /general\n')[1]!, /my-upload\.bin/);
  const file = await records((s) => s.files.findByName('general', 'my-upload.bin'));
  assert.ok(file);
  assert.equal(file.uploaderId, aliceId);
  assert.equal(file.size, bytes.length);
  assert.equal(file.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.deepEqual(await readFile(join(data, 'files', 'general', 'my-upload.bin')), bytes);
  assert.deepEqual(await incomingLeft(), []);
});

test('a put past the quota is refused as the bytes arrive, and leaves nothing behind', { timeout: 60_000 }, async (t) => {
  if (!needSftp(t)) return;
  const local = join(work, 'too-big.bin');
  await writeFile(local, randomBytes(400 * KiB));
  const r = await sftp([`put ${local} /general/upload/too-big.bin`]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Failure|quota/i);
  assert.equal(await records((s) => s.files.findByName('general', 'too-big.bin')), null);
  assert.deepEqual((await readdir(join(data, 'files', 'general'))).filter((n) => n.startsWith('too-big')), []);
  assert.deepEqual(await incomingLeft(), []);
  await logged(/sftp.*quota exceeded|quota exceeded/);
});

test('every way out of the tree, and every change outside upload/, is refused', { timeout: 60_000 }, async (t) => {
  if (!needSftp(t)) return;
  const local = join(work, 'small.txt');
  await writeFile(local, 'small\n');
  const got = join(work, 'escaped');
  const attempts = [
    'cd ..',
    `get ../../etc/passwd ${got}-1`,
    `get /etc/passwd ${got}-2`,
    `get /general/../../../etc/passwd ${got}-3`,
    `get //etc//passwd ${got}-4`,
    `get "/general/read\x01me.txt" ${got}-5`,
    `get /general/evil.txt ${got}-6`,
    `get /private/secret.txt ${got}-7`,
    `put ${local} /general/small.txt`,
    `put ${local} /archive/upload/small.txt`,
    `put ${local} /small.txt`,
    `put ${local} "/general/upload/bad\x07name.txt"`,
    `put ${local} /general/upload/../small.txt`,
    'rm /general/readme.txt',
    'rename /general/readme.txt /general/upload/readme.txt',
    'mkdir /general/upload/sub',
    'rmdir /general/upload',
    'symlink /etc/passwd /general/upload/link',
    'chmod 777 /general/readme.txt',
  ];
  const r = await sftp(attempts.map((a) => `-${a}`));
  const errors = r.stderr.trim().split('\n');
  assert.ok(errors.length >= attempts.length, `one refusal per attempt:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /Connection closed|Couldn't read packet/);
  for (let i = 1; i <= 7; i++) await assert.rejects(readFile(`${got}-${i}`), `attempt ${i} wrote nothing`);
  assert.match(r.stderr, /Permission denied/);
  assert.match(r.stderr, /No such file/);
  const after = await records((s) => s.files.list('general', { offset: 0, limit: 100 }));
  assert.ok(after.some((f) => f.name === 'readme.txt'), 'rm and rename changed nothing');
  assert.ok(!after.some((f) => f.name === 'small.txt'));
  assert.deepEqual(await incomingLeft(), []);
  await logged(/sftp refused a file that is not a plain file/);
  await logged(/sftp request refused.*REMOVE/);
});

test('the front-door user gets no sftp', { timeout: 30_000 }, async (t) => {
  if (!needSftp(t)) return;
  const r = await sftp(['ls /'], 'bbs', null);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /subsystem request failed/);
  await logged(/ssh subsystem refused.*front-door user/);
});

test('a connection cut mid-upload leaves nothing in the area or its upload folders', { timeout: 30_000 }, async () => {
  const client = new ssh2.Client();
  const ready = new Promise<void>((resolve, reject) => {
    client.once('ready', resolve);
    client.once('error', reject);
  });
  client.connect({ host: '127.0.0.1', port: board.ports.ssh, username: 'Alice', privateKey: await readFile(key), hostVerifier: () => true });
  await ready;
  const session = await new Promise<ssh2.SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s))));
  const handle = await new Promise<Buffer>((resolve, reject) => session.open('/general/upload/cut.bin', 'w', (err, h) => (err ? reject(err) : resolve(h))));
  await new Promise<void>((resolve, reject) => session.write(handle, randomBytes(32 * KiB), 0, 32 * KiB, 0, (err) => (err ? reject(err) : resolve())));
  assert.equal((await incomingLeft()).length, 1, 'the upload is in its private folder meanwhile');
  client.destroy();
  await until('the upload folder removed', async () => (await incomingLeft()).length === 0, 5000);
  assert.equal(await records((s) => s.files.findByName('general', 'cut.bin')), null);
});
