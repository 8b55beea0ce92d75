import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { bbsArgv, ROOT, startBoardProcess } from '../helpers/spawned-board.js';

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** The real `bbs` command, with no port settings in its environment. */
function bbs(args: string[]): Promise<Ran> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  return new Promise((resolve) => {
    execFile(process.execPath, [...bbsArgv(), ...args], { cwd: ROOT, env, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, out: String(stdout), err: String(stderr) });
    });
  });
}

test('bbs health --data DIR dials the ports the running board picked, and says plainly when no board runs there', { timeout: 90_000 }, async () => {
  // Every port on 0: no setting anywhere says which ports the board got.
  const board = await startBoardProcess();
  try {
    const ok = await bbs(['health', '--data', board.data]);
    assert.equal(ok.code, 0, `${ok.out}${ok.err}`);
    assert.match(ok.out, new RegExp(`^ok: the board answered on tcpjson 127\\.0\\.0\\.1:${board.ports.tcpjson} in \\d+ ms`));

    // With the JSON socket off, the next port a caller would use is the telnet one.
    const named = await bbs(['health', '--data', board.data, '--json-port', 'off', '--telnet-port', String(board.ports.telnet)]);
    assert.equal(named.code, 0, `${named.out}${named.err}`);
    assert.match(named.out, new RegExp(`on telnet 127\\.0\\.0\\.1:${board.ports.telnet} `));
  } finally {
    assert.equal(await board.stop(), 0);
  }
  try {
    const stopped = await bbs(['health', '--data', board.data]);
    assert.equal(stopped.code, 1);
    assert.equal(stopped.out, '');
    assert.equal(stopped.err.trim(), `bbs health: no board is running on ${board.data} (is "bbs serve" up with this --data?)`);
  } finally {
    await rm(board.data, { recursive: true, force: true });
  }
});
