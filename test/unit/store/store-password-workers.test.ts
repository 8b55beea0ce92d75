import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { HASH_THREADS, HashWorkerPool } from '../../../src/store/hash-workers.js';
import { PasswordHasher } from '../../../src/store/password.js';
import { until } from '../../helpers/until.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

const hasher = new PasswordHasher();
after(() => hasher.close());
const hashPassword = (password: string): Promise<string> => hasher.hash(password);
const verifyPassword = (password: string, encoded: string): Promise<boolean> => hasher.verify(password, encoded);

/** A store module a child process imports: the compiled build when the test run asks for it, else the source through tsx. */
function storeModule(name: string): { argv: string[]; path: string } {
  return process.env.BBS_TEST_BUILD === 'dist'
    ? { argv: [], path: join(ROOT, `dist/store/${name}.js`) }
    : { argv: ['--import', 'tsx'], path: join(ROOT, `src/store/${name}.ts`) };
}

function runChild(script: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const { argv } = storeModule('password');
  const start = Date.now();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...argv, '--input-type=module', '-e', script], { timeout: timeoutMs }, (_err, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr, ms: Date.now() - start }),
    );
  });
}

/** A thread's start or stop shows in the pool's figures a moment later: poll them. */
function waitFor(check: () => boolean, what: string): Promise<true> {
  return until(what, check, 10_000, 5);
}

void test('parallel hashes all come out right, on no more threads than the cap', async () => {
  let most = 0;
  const sampler = setInterval(() => (most = Math.max(most, hasher.threads().length)), 2);
  try {
    const passwords = ['one', 'two', 'three', 'four', 'five', 'six'];
    const hashes = await Promise.all(passwords.map((pw) => hashPassword(pw)));
    assert.equal(new Set(hashes).size, passwords.length);
    const checks = await Promise.all(hashes.map((hash, i) => verifyPassword(passwords[i] ?? '', hash)));
    assert.deepEqual(checks, passwords.map(() => true));
    const crossed = await Promise.all(hashes.map((hash, i) => verifyPassword(passwords[(i + 1) % passwords.length] ?? '', hash)));
    assert.deepEqual(crossed, passwords.map(() => false));
  } finally {
    clearInterval(sampler);
  }
  assert.ok(most >= 1 && most <= HASH_THREADS, `${most} threads at once, cap ${HASH_THREADS}`);
});

void test('hashing threads run at nice 19 while the event loop keeps its priority', { skip: process.platform !== 'linux' }, async () => {
  const before = getPriority();
  await hashPassword('nice');
  const threads = hasher.threads();
  assert.ok(threads.length > 0);
  for (const { tid, nice } of threads) {
    assert.ok(tid !== null && tid !== process.pid, `thread id ${tid}`);
    assert.equal(nice, 19, 'as the thread saw itself');
    assert.equal(getPriority(tid), 19, 'as seen from the main thread');
    // Field 19 of the kernel's own record; fields count from 3 after the ") " that ends the name.
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    assert.equal(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[16], '19');
  }
  assert.equal(getPriority(), before);
});

void test('a thread stopped mid-hash fails only its own hash, and hashing goes on', async () => {
  const inFlight = hashPassword('in flight');
  const queued = Array.from({ length: HASH_THREADS }, (_, i) => hashPassword(`queued ${i}`));
  // The thread reports in just before it takes up the hash, which then runs for tens of milliseconds.
  await waitFor(() => hasher.threads().length > 0, 'a thread to start');
  await hasher.close();
  const outcome = await inFlight.then(
    (hash) => verifyPassword('in flight', hash),
    (err: unknown) => err,
  );
  // scrypt itself cannot be interrupted, so the answer may still get out; if not, the hash rejects.
  if (outcome !== true) assert.match(String(outcome), /stopped before answering/);
  const later = await Promise.all(queued);
  for (const [i, hash] of later.entries()) assert.equal(await verifyPassword(`queued ${i}`, hash), true);
  assert.equal(await verifyPassword('after', await hashPassword('after')), true);
});

void test('idle threads are stopped after the idle time and start again when needed', async () => {
  const pool = new HashWorkerPool({ size: 2, idleMs: 50 });
  const request = { password: 'pw', salt: Buffer.from('salt'), n: 1024, r: 8, p: 1, keyLength: 16, maxmem: 32 << 20 };
  try {
    const first = await pool.scrypt(request);
    await waitFor(() => pool.info().length === 0, 'the idle thread to stop');
    assert.deepEqual(await pool.scrypt(request), first);
  } finally {
    await pool.stop();
  }
});

void test('errors from scrypt come back as rejections and the thread lives on', async () => {
  const pool = new HashWorkerPool({ size: 1, idleMs: 1000 });
  try {
    const tooBig = { password: 'pw', salt: Buffer.from('salt'), n: 1 << 16, r: 8, p: 1, keyLength: 16, maxmem: 1024 };
    await assert.rejects(pool.scrypt(tooBig), /memory/i);
    const key = await pool.scrypt({ ...tooBig, n: 1024, maxmem: 32 << 20 });
    assert.equal(key.length, 16);
  } finally {
    await pool.stop();
  }
});

void test('a script that hashes once gets its answer and exits long before the idle time', async () => {
  const { path } = storeModule('password');
  const script = `
    const { PasswordHasher } = await import(${JSON.stringify(path)});
    const hasher = new PasswordHasher();
    const hash = await hasher.hash('once');
    console.log(await hasher.verify('once', hash));
  `;
  const { code, stdout, stderr, ms } = await runChild(script, 20_000);
  assert.equal(code, 0, stderr);
  assert.equal(stdout.trim(), 'true');
  assert.ok(ms < 15_000, `took ${ms} ms`);
});

for (const failure of ['throws', 'dies before starting']) {
  void test(`where a thread ${failure}, hashing falls back to the libuv pool`, async () => {
    const { path } = storeModule('password');
    // The builtin module's named exports follow its CommonJS object once synced, so the pool sees this Worker.
    const script = `
      import { createRequire, syncBuiltinESMExports } from 'node:module';
      import { EventEmitter } from 'node:events';
      const threads = createRequire(import.meta.url)('node:worker_threads');
      let tries = 0;
      threads.Worker = class extends EventEmitter {
        constructor() {
          super();
          tries++;
          if (${JSON.stringify(failure)} === 'throws') throw new Error('no threads here');
          setImmediate(() => { this.emit('error', new Error('no threads here')); this.emit('exit', 1); });
        }
        ref() {}
        unref() {}
        postMessage() {}
        terminate() { return Promise.resolve(1); }
      };
      syncBuiltinESMExports();
      const { PasswordHasher } = await import(${JSON.stringify(path)});
      const hasher = new PasswordHasher();
      const hashes = await Promise.all([hasher.hash('a'), hasher.hash('b'), hasher.hash('c')]);
      const checks = await Promise.all([hasher.verify('a', hashes[0]), hasher.verify('b', hashes[1]), hasher.verify('x', hashes[2])]);
      const triesBefore = tries;
      const later = await hasher.verify('d', await hasher.hash('d'));
      console.log(JSON.stringify({ checks, later, triesBefore, triesAfter: tries }));
    `;
    const { code, stdout, stderr } = await runChild(script, 20_000);
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout) as { checks: boolean[]; later: boolean; triesBefore: number; triesAfter: number };
    assert.deepEqual(result.checks, [true, true, false]);
    assert.equal(result.later, true);
    assert.ok(result.triesBefore >= 1);
    assert.equal(result.triesAfter, result.triesBefore, 'a failed start is enough to stop trying');
  });
}

void test('a store starts no hashing thread until the first hash, and closing it ends its threads', { skip: process.platform !== 'linux' }, async () => {
  const { path } = storeModule('sqlite-store');
  // The hashing threads are the process's only ones at nice 19; the kernel's own list of them is the witness.
  const script = `
    import { readdirSync, readFileSync } from 'node:fs';
    const hashing = () => readdirSync('/proc/self/task').filter((tid) => {
      try {
        const stat = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
        return stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[16] === '19';
      } catch { return false; }
    }).length;
    const until = async (check) => { for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25)); };
    const { openSqliteStore } = await import(${JSON.stringify(path)});
    const store = openSqliteStore(':memory:');
    const opened = hashing();
    await store.users.create('zed', 'pw');
    await until(() => hashing() > 0);
    const afterHash = hashing();
    await store.close();
    await until(() => hashing() === 0);
    console.log(JSON.stringify({ opened, afterHash, closed: hashing() }));
  `;
  const { code, stdout, stderr } = await runChild(script, 20_000);
  assert.equal(code, 0, stderr);
  const counts = JSON.parse(stdout) as { opened: number; afterHash: number; closed: number };
  assert.equal(counts.opened, 0, 'threads before any hash');
  assert.ok(counts.afterHash >= 1, 'a thread hashed the password');
  assert.equal(counts.closed, 0, 'threads left after the store closed');
});
