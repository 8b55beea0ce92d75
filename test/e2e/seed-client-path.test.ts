import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/spawned-board.js';
import { PYTHON2, SEED_CLIENT_DEFAULT, seedClient } from '../helpers/tools.js';

const ORIGINAL_CLIENT_TEST = join(ROOT, 'test/e2e/original-client.test.ts');

/** Runs the original client's test file as a clone elsewhere would, with the environment given. */
function runOriginalClientTest(env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  // NODE_TEST_CONTEXT would make the child think it is part of this run and run nothing.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.NODE_TEST_CONTEXT;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', ORIGINAL_CLIENT_TEST], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('close', (code) => resolve({ code, out }));
  });
}

test('BBS_SEED_CLIENT names the client; a relative path counts from where the tests run; a missing file is no client', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bbs-seed-'));
  try {
    const elsewhere = join(dir, 'client.py');
    await copyFile(new URL('../../package.json', import.meta.url), elsewhere);
    assert.equal(seedClient({ BBS_SEED_CLIENT: elsewhere }), elsewhere);
    assert.equal(seedClient({ BBS_SEED_CLIENT: join(dir, 'nowhere.py') }), null);
    assert.equal(seedClient({ BBS_SEED_CLIENT: 'package.json' }), join(process.cwd(), 'package.json'));
    assert.equal(seedClient({}), seedClient({ BBS_SEED_CLIENT: SEED_CLIENT_DEFAULT }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('without the original client, its tests skip with a hint that says where to get it, and fail under CI', { timeout: 120_000 }, async () => {
  const missing = { BBS_SEED_CLIENT: join(tmpdir(), 'no-such-folder', 'client.py') };
  const outside = await runOriginalClientTest({ ...missing, CI: undefined });
  assert.equal(outside.code, 0, outside.out);
  assert.match(outside.out, /# skipped 2/);
  assert.match(outside.out, /examples\/bbs\/client\.py from the Mongrel2 source tree and set BBS_SEED_CLIENT=/);

  const ci = await runOriginalClientTest({ ...missing, CI: 'true' });
  assert.notEqual(ci.code, 0, ci.out);
  assert.match(ci.out, /the original 2010 client \(client\.py\) is missing/);
});

test('the client found through BBS_SEED_CLIENT, in a folder of its own, plays its whole test', { timeout: 180_000 }, async (t) => {
  const original = seedClient();
  if (!original || !PYTHON2()) return t.skip('needs the original client and Python 2 (see the skipped tests above)');
  const dir = await mkdtemp(join(tmpdir(), 'bbs-seed-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await copyFile(original, join(dir, 'client.py'));
  const run = await runOriginalClientTest({ BBS_SEED_CLIENT: join(dir, 'client.py') });
  assert.equal(run.code, 0, run.out);
  assert.match(run.out, /# pass 2/);
});
