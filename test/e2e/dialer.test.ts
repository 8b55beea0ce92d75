import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { frame, JsonClient, registerAndEnter } from '../callers/json.js';
import { PtyProcess } from '../helpers/pty.js';
import { logIn, signUp } from '../helpers/terminal-login.js';
import { findTool, PYTHON2, requireTool } from '../helpers/tools.js';
import { freePort } from '../helpers/free-port.js';

const DIALER = new URL('../../clients/dialer.py', import.meta.url).pathname;

const PYTHONS: Array<[string, () => string | null]> = [
  ['Python 2', PYTHON2],
  ['Python 3', () => findTool('/root/.pyenv/versions/3.11.7/bin/python3', 'python3')],
];

/** The Python to run the dialer with, or null (the test skipped, saying how to install it). */
function pythonFor(t: TestContext, label: string, find: () => string | null): string | null {
  const python = find();
  return requireTool(t, python, label, 'install it with pyenv (pyenv install 2.7.18 / 3.11)') ? python : null;
}

/** The dialer in a terminal of its own, calling the board's HTTP port; killed when the test ends, however it ends. */
function dial(t: TestContext, python: string, httpPort: string, ...flags: string[]): PtyProcess {
  const dialer = PtyProcess.spawn([python, DIALER, '127.0.0.1', httpPort, ...flags]);
  t.after(() => dialer.kill());
  return dialer;
}

for (const [label, find] of PYTHONS) {
  test(`the dialer under ${label}: first number busy, second answers; all busy gives the busy signal; a dropped line ends cleanly`, { timeout: 90_000 }, async (t) => {
    const python = pythonFor(t, label, find);
    if (!python) return;
    const board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '1'] });
    try {
      // Someone is already on node 1, the first number in the book.
      const first = await JsonClient.connect(board.ports.tcpjson!);
      first.write(frame('connect', '@bbs.1'));
      await first.expect("Who's calling?", 'prompt');

      const dialer = dial(t, python, String(board.ports.http), '--in-order');
      await dialer.expect('ATDT @bbs.1');
      await dialer.expect('BUSY');
      await dialer.expect('ATDT @bbs.2');
      await dialer.expect('CONNECT');
      await signUp(dialer, 'Dialer', 'hunter22', { line: 'y' });
      assert.ok(!dialer.text().includes('hunter22'), 'the password is masked');
      dialer.line('q');
      await dialer.expect('Log off?');
      dialer.line('y');
      await dialer.expect('So long, Dialer');
      assert.equal(await dialer.exited, 0);

      // Both lines taken: the busy signal and exit status 2.
      const second = await JsonClient.connect(board.ports.tcpjson!);
      second.write(frame('connect', '@bbs.2'));
      await second.expect("Who's calling?", 'prompt');
      const busy = PtyProcess.spawn([python, DIALER, '127.0.0.1', String(board.ports.http)]);
      t.after(() => busy.kill());
      await busy.expect('Every line is busy');
      assert.equal(await busy.exited, 2);

      // The line drops under a caller: a clean NO CARRIER, no traceback, no spinning.
      second.close();
      const dropped = PtyProcess.spawn([python, DIALER, '127.0.0.1', String(board.ports.http), '--in-order', '--no-redial']);
      t.after(() => dropped.kill());
      await dropped.expect("Who's calling?");
      board.child.kill('SIGKILL');
      await dropped.expect('NO CARRIER', 15_000);
      assert.equal(await dropped.exited, 1);
      assert.ok(!dropped.text().includes('Traceback'));
      first.close();
    } finally {
      await board.stop();
    }
  });
}

for (const [label, find] of PYTHONS) {
  test(`the dialer under ${label} draws the half-typed line again under a page that arrives while the caller types`, { timeout: 60_000 }, async (t) => {
    const python = pythonFor(t, label, find);
    if (!python) return;
    const board = await startBoardProcess();
    const dialer = dial(t, python, String(board.ports.http));
    try {
      await signUp(dialer, 'Typer', 'hunter22', { line: 'y' });
      dialer.send('xyz');
      await dialer.expect('xyz');

      const pager = await JsonClient.dial(board.ports.tcpjson!);
      await registerAndEnter(pager, 'Pager', 'pager-pass');
      pager.send('p');
      await pager.answer('Page whom?', 'Typer');
      await pager.answer(/Your page to/, 'ping from the pager');
      await pager.expect('Paged Typer');

      await dialer.expect('ping from the pager');
      await dialer.expect(/> xyz/);
      // Backspace three times and type q: the line the board gets is what the caller sees.
      dialer.send('\x7f\x7f\x7fq\r');
      await dialer.expect('Log off?');
      dialer.line('y');
      await dialer.expect('So long, Typer');
      assert.equal(await dialer.exited, 0);
      pager.close();
    } finally {
      await board.stop();
    }
  });
}


for (const [label, find] of PYTHONS) {
  test(`the dialer under ${label} redials by itself when the line drops, and the caller logs in again on the board that answers`, { timeout: 90_000 }, async (t) => {
    const python = pythonFor(t, label, find);
    if (!python) return;
    const data = mkdtempSync(join(tmpdir(), 'bbs-redial-'));
    t.after(() => rmSync(data, { recursive: true, force: true }));
    const ports = ['--http-port', String(await freePort()), '--json-port', String(await freePort()), '--telnet-port', '0', '--ssh-port', '0'];
    const board = await startBoardProcess({ data, args: ports });
    const dialer = dial(t, python, ports[1]!);
    await signUp(dialer, 'Redialer', 'hunter22', { line: 'y' });
    // The board's host goes down under the caller; another comes up on the same number.
    board.child.kill('SIGKILL');
    await board.exited;
    await dialer.expect('NO CARRIER (the line dropped)', 15_000);
    await dialer.expect('Redialing in 1 s');
    const again = await startBoardProcess({ data, args: ports, t });
    await dialer.expect('CONNECT', 20_000);
    await logIn(dialer, 'Redialer', 'hunter22', { line: 'y' });
    dialer.line('q');
    await dialer.expect('Log off?');
    dialer.line('y');
    assert.equal(await dialer.exited, 0);
    assert.ok(!dialer.text().includes('Traceback'));
    assert.ok(again.output().includes('login'), 'the caller logged in on the board that answered');
  });
}

for (const [label, find] of PYTHONS) {
  test(`the dialer under ${label} keeps a name and password typed ahead of their prompts, and still shows no password`, { timeout: 60_000 }, async (t) => {
    const python = pythonFor(t, label, find);
    if (!python) return;
    const board = await startBoardProcess();
    const dialer = dial(t, python, String(board.ports.http));
    try {
      await dialer.expect("Who's calling?");
      // A fast typist on a slow line: everything before the password prompts are even drawn.
      dialer.send('Ahead\rtyped-ahead-pw\rtyped-ahead-pw\r');
      await dialer.expect(/Your\s+account\s+is\s+ready/, 15_000);
      assert.ok(!dialer.text().includes('typed-ahead-pw'), 'the password is never shown');
    } finally {
      await board.stop();
    }
  });
}
