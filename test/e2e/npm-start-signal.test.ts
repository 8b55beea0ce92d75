import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataLock, PID_FILE } from '../../src/cli/data-lock.js';
import { ROOT, waitUntilReady } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';

// SSH is off only to spare each start the seconds an RSA host key takes to make.
const PORTS = ['--host', '127.0.0.1', '--telnet-port', '0', '--json-port', '0', '--http-port', '0', '--ssh-port', 'off', '--nntp-port', 'off'];

before(async () => {
  // npm start runs the compiled board; `npm test` builds it first, a single run of this file builds it here.
  if (process.env.BBS_TEST_BUILD === 'dist') return;
  await new Promise<void>((resolve, reject) =>
    execFile('npm', ['run', '-s', 'build'], { cwd: ROOT, timeout: 180_000 }, (err, _out, stderr) => (err ? reject(new Error(`build failed: ${stderr}`)) : resolve())),
  );
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Start `cmd` in a process group of its own, wait for the board, SIGTERM the
 * npm process alone (as a service manager or `kill PID` does), and expect the
 * board itself gone and the data folder free within a few seconds.
 */
async function signalOnlyNpm(cmd: string, args: string[], cwd: string): Promise<void> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-npm-'));
  const npm: ChildProcess = spawn(cmd, [...args, '--data', data, ...PORTS], {
    cwd,
    detached: true,
    env: { ...process.env, BBS_LOG_FORMAT: 'text' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  npm.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await waitUntilReady(npm, () => out, 60_000);
    const boardPid = Number(/^pid (\d+)/.exec(await readFile(join(data, PID_FILE), 'utf8'))?.[1]);
    assert.ok(boardPid > 0 && boardPid !== npm.pid, 'the board runs in a process of its own under npm');
    npm.kill('SIGTERM');
    await until(() => `the board (pid ${boardPid}) to end with the npm process that started it:\n${out}`, () => !alive(boardPid), 5000, 50);
    assert.doesNotThrow(() => acquireDataLock(data).release(), 'the data lock is released');
    assert.match(out, /stopped cleanly/);
  } finally {
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      /* the whole group is gone already */
    }
    await rm(data, { recursive: true, force: true });
  }
}

test('SIGTERM to `npm start` stops the board, not just npm', { timeout: 120_000 }, async () => {
  await signalOnlyNpm('npm', ['start', '--'], ROOT);
});

test('SIGTERM to `npx bbs serve` stops the board too, though npx puts a shell between them', { timeout: 120_000 }, async () => {
  // A project that has the board installed as a dependency, as `npm install mongrel-bbs` leaves it.
  const project = await mkdtemp(join(tmpdir(), 'bbs-npx-'));
  try {
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'board-host', version: '1.0.0', private: true }));
    await mkdir(join(project, 'node_modules', '.bin'), { recursive: true });
    await symlink(ROOT, join(project, 'node_modules', 'mongrel-bbs'));
    await symlink('../mongrel-bbs/bin/bbs.js', join(project, 'node_modules', '.bin', 'bbs'));
    await signalOnlyNpm('npx', ['bbs', 'serve'], project);
  } finally {
    await rm(project, { recursive: true, force: true });
  }
});
