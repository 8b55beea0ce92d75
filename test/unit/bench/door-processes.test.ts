import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import pty from '@lydell/node-pty';
import { doorProcesses } from '../../../bench/lib/door-processes.js';
import { until } from '../../helpers/until.js';

test('the doors of a process are its children in a pseudo-terminal session of their own, counted with everything in that session; other children are not doors', async (t) => {
  const before = doorProcesses(process.pid);
  // A door as the board starts one: a shell leading its own session, with a program in the background and one in front.
  const door = pty.spawn('/bin/sh', ['-c', 'sleep 30 & exec sleep 31'], { cols: 80, rows: 24, cwd: '/tmp', env: { PATH: '/usr/bin:/bin' } });
  // A child that is no door: same session as this process.
  const other = spawn('sleep', ['32'], { stdio: 'ignore' });
  t.after(() => {
    process.kill(-door.pid, 'SIGKILL');
    other.kill('SIGKILL');
  });
  const seen = await until(
    () => `two processes in one door; saw ${JSON.stringify(doorProcesses(process.pid))}`,
    () => {
      const now = doorProcesses(process.pid);
      return now.doors === before.doors + 1 && now.processes === before.processes + 2 ? now : null;
    },
    5000,
  );
  assert.ok(seen.rssBytes > before.rssBytes, 'the door processes have resident memory');
  assert.ok(seen.pssBytes > before.pssBytes && seen.pssBytes <= seen.rssBytes, 'their proportional share is at most their resident size');
});
