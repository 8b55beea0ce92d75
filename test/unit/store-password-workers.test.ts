import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HASH_THREADS, HashWorkerPool, hashWorkers } from '../../src/store/hash-workers.js';
import { hashPassword, verifyPassword } from '../../src/store/password.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The module a child process imports: the compiled build when the test run asks for it, else the source through tsx. */
function passwordModule(): { argv: string[]; path: string } {
  return process.env.BBS_TEST_BUILD === 'dist'
    ? { argv: [], path: join(ROOT, 'dist/store/password.js') }
    : { argv: ['--import', 'tsx'], path: join(ROOT, 'src/store/password.ts') };
}

function runChild(script: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const { argv } = passwordModule();
  const start = Date.now();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...argv, '--input-type=module', '-e', script], { timeout: timeoutMs }, (_err, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr, ms: Date.now() - start }),
    );
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

void test('parallel hashes all come out right, on no more threads than the cap', async () => {
  let most = 0;
  const sampler = setInterval(() => (most = Math.max(most, hashWorkers.info().length)), 2);
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
  const threads = hashWorkers.info();
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
  await until(() => hashWorkers.info().length > 0, 'a thread to start');
  await hashWorkers.stop();
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
    await until(() => pool.info().length === 0, 'the idle thread to stop');
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
  const { path } = passwordModule();
  const script = `
    const { hashPassword, verifyPassword } = await import(${JSON.stringify(path)});
    const hash = await hashPassword('once');
    console.log(await verifyPassword('once', hash));
  `;
  const { code, stdout, stderr, ms } = await runChild(script, 20_000);
  assert.equal(code, 0, stderr);
  assert.equal(stdout.trim(), 'true');
  assert.ok(ms < 15_000, `took ${ms} ms`);
});

for (const failure of ['throws', 'dies before starting']) {
  void test(`where a thread ${failure}, hashing falls back to the libuv pool`, async () => {
    const { path } = passwordModule();
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
      const { hashPassword, verifyPassword } = await import(${JSON.stringify(path)});
      const hashes = await Promise.all([hashPassword('a'), hashPassword('b'), hashPassword('c')]);
      const checks = await Promise.all([verifyPassword('a', hashes[0]), verifyPassword('b', hashes[1]), verifyPassword('x', hashes[2])]);
      const triesBefore = tries;
      const later = await verifyPassword('d', await hashPassword('d'));
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
