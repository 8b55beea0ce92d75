import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import ssh2 from 'ssh2';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';

/** Clear the screen, retitle the window, ring the bell: what a sysop's terminal would obey. */
const ESCAPES = '\x1b[2J\x1b]0;owned\x07';
/** 8-bit CSI, a right-to-left override and a line separator: JSON.stringify leaves all three raw. */
const C1_AND_BIDI = 'x\x9b2J\u202eevil\u2028y';

/** One SSH login attempt with a wrong password, by a real SSH client that sends any user name (OpenSSH refuses these). */
function failLogin(port: number, username: string): Promise<void> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    const done = (): void => {
      client.end();
      resolve();
    };
    client.on('error', done);
    client.on('ready', done);
    client.connect({ host: '127.0.0.1', port, username, password: 'not-the-password', tryKeyboard: false, readyTimeout: 15_000 });
  });
}

async function logAfterFailedLogin(t: TestContext, format: 'text' | 'json', username: string): Promise<string> {
  const board = await startBoardProcess({ env: { BBS_LOG_FORMAT: format }, t });
  await failLogin(board.ports.ssh!, username);
  await until(() => `a failed login in the log:\n${board.output()}`, () => board.output().includes('failed login'), 10_000, 20);
  return board.output();
}

test('an SSH user name full of escape sequences reaches the text log escaped, never raw', { timeout: 90_000 }, async (t) => {
  const out = await logAfterFailedLogin(t, 'text', ESCAPES);
  const line = out.split('\n').find((l) => l.includes('failed login'))!;
  assert.ok(!out.includes('\x1b') && !out.includes('\x07'), `a raw ESC or BEL in the board's output: ${JSON.stringify(line)}`);
  assert.ok(line.includes('user="\\u001b[2J\\u001b]0;owned\\u0007"'), `the name is shown escaped: ${line}`);
});

test('C1 controls, bidi overrides and line separators in an SSH user name reach the JSON log escaped', { timeout: 90_000 }, async (t) => {
  const out = await logAfterFailedLogin(t, 'json', C1_AND_BIDI);
  const line = out.split('\n').find((l) => l.includes('failed login'))!;
  assert.ok(!/[\x00-\x1f\x7f-\x9f\u202e\u2028]/.test(line), `a raw control in the log line: ${JSON.stringify(line)}`);
  assert.equal((JSON.parse(line) as { user: string }).user, C1_AND_BIDI, 'a JSON reader still gets the name exactly as sent');
});
