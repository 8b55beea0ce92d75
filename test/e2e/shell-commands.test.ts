import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bbsArgv, ROOT, startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';

const run = promisify(execFile);

/** `bbs ARGS` as the sysop types it at the shell: exit status and output. */
async function bbs(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...bbsArgv(), ...args], { cwd: ROOT, timeout: 30_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await board.stop();
});

test('the sysop at the shell: who, nodes and broadcast reach the running board', { timeout: 90_000 }, async () => {
  const c = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(c, 'Listener', 'password1');

  const who = await bbs('who', '--data', board.data);
  assert.equal(who.code, 0, who.out);
  assert.match(who.out, /1\/1\s+Listener\s+2010 client\s+at the main menu/);
  assert.match(who.out, /1 caller online/);

  const nodes = await bbs('nodes', '--data', board.data);
  assert.equal(nodes.code, 0, nodes.out);
  assert.match(nodes.out, /^\s*1\s+up\s+32\s+1\s+31/m);

  const sent = await bbs('broadcast', 'The board goes down at midnight', '--data', board.data);
  assert.equal(sent.code, 0, sent.out);
  await c.expect('The board goes down at midnight');

  const restart = await bbs('nodes', 'restart', '1', '--data', board.data);
  assert.equal(restart.code, 1);
  assert.match(restart.out, /restart the board instead/);
  c.close();
});

test('clear errors and a non-zero status when something is wrong', { timeout: 60_000 }, async () => {
  const nowhere = await mkdtemp(join(tmpdir(), 'bbs-none-'));
  const noBoard = await bbs('who', '--data', nowhere);
  assert.equal(noBoard.code, 1);
  assert.match(noBoard.out, /no board is running on/);
  const badArgs = await bbs('nodes', 'drain', 'x', '--data', board.data);
  assert.equal(badArgs.code, 2);
  assert.match(badArgs.out, /drain needs a node number/);
  const unknown = await bbs('nodes', 'drain', '9', '--data', board.data);
  assert.equal(unknown.code, 1);
  assert.match(unknown.out, /no node 9/);
  const help = await bbs('broadcast', '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: bbs broadcast TEXT/);
  const empty = await bbs('broadcast', '--data', board.data);
  assert.equal(empty.code, 2);
});
