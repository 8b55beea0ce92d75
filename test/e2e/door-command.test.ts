import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PtyProcess } from '../helpers/pty.js';
import { bbsArgv, ROOT } from '../helpers/spawned-board.js';

/** `bbs door`: the sysop tries a door in their own terminal, no board running. */

async function dataFolder(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-door-cli-'));
  t.after(() => rm(data, { recursive: true, force: true }));
  return data;
}

test('bbs door --list names the doors; an unknown door is a usage error that says how to list them', async (t) => {
  const data = await dataFolder(t);
  const list = spawnSync(process.execPath, [...bbsArgv(), 'door', '--list', '--data', data], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^lander\s+Lunar Lander$/m);
  const wrong = spawnSync(process.execPath, [...bbsArgv(), 'door', 'nosuch', '--data', data], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /no door named "nosuch" \(bbs door --list shows them\)/);
});

test('bbs door lander plays the door in this terminal under the name given, and says how it ended', { timeout: 60_000 }, async (t) => {
  if (!existsSync(join(ROOT, 'dist/doors/lander/main.js'))) {
    if (process.env.CI === 'true') throw new Error('the lander is not built: npm run build');
    t.skip('the lander is not built: npm run build');
    return;
  }
  const data = await dataFolder(t);
  const c = PtyProcess.spawn([process.execPath, ...bbsArgv(), 'door', 'lander', '--data', data, '--as', 'Tester'], { cols: 80, rows: 24 });
  t.after(() => c.kill());
  await c.expect('Welcome, Tester, to LUNAR LANDER', 20_000);
  c.send(' ');
  await c.expect('Burn 0-9');
  c.send('\x1b');
  await c.expect('lander ended (exit, code 0)');
  assert.equal(await c.exited, 0);
});
