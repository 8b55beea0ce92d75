import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { PtyProcess } from '../helpers/pty.js';
import { signUp } from '../helpers/terminal-login.js';
import { requireOriginalClient } from '../helpers/tools.js';

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess({ args: ['--nodes', '1', '--lines', '5'] });
});
after(async () => {
  await board.stop();
});

function rawExchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => reject(new Error('no close')), 15_000);
    s.on('connect', () => s.write(bytes));
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

test('one port, like Mongrel2: the original client plays a whole call on the HTTP port', { timeout: 60_000 }, async (t) => {
  const original = requireOriginalClient(t);
  if (!original) return;
  const c = PtyProcess.spawn([original.python, original.client, '127.0.0.1', String(board.ports.http)]);
  await signUp(c, 'Webber', 'password1', { line: 'y' });
  c.line('1');
  await c.expect('Subject:');
  c.line('Port 80');
  await c.expect('Type your message');
  c.line('Sent through port 80, as in 2010.');
  c.line('.');
  await c.expect(/Message #\d+ posted/);
  c.line('2');
  await c.expect('Sent through port 80, as in 2010.');
  c.line('q');
  await c.expect('Log off?');
  c.line('y');
  await c.expect('So long, Webber');
  assert.equal(await c.exited, 0);
});

test('the same port still serves the page, and garbage gets a clear error without harming a caller', { timeout: 60_000 }, async () => {
  const caller = await JsonClient.dial(board.ports.http!);
  await registerAndEnter(caller, 'Bystander', 'password1');

  const page = await fetch(`http://127.0.0.1:${board.ports.http}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html/i);
  assert.match(await rawExchange(board.ports.http!, Buffer.from('\x16\x03\x01garbage that is not http\r\n\r\n')), /400/);
  const json = await rawExchange(board.ports.http!, Buffer.from('@bbs {broken json\0'));
  assert.match(Buffer.from(json.replace(/\0$/, ''), 'latin1').toString(), /.+/);
  assert.match(Buffer.from(json.replace(/\0.*$/s, ''), 'base64').toString('utf8'), /not valid JSON/);

  // The caller is still served: menu 2 answers (with the messages the test before left, or none).
  caller.send('2');
  await caller.expect(/End of messages|no messages yet/, undefined, 5000);
  caller.close();
});

test('/directory is valid JSON that matches the listeners actually open', async () => {
  const res = await fetch(`http://127.0.0.1:${board.ports.http}/directory`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const dir = (await res.json()) as {
    board: string;
    nodes: Array<{ node: number; lines: { total: number; inUse: number; free: number }; transports: Array<{ transport: string; port: number; url?: string }> }>;
  };
  assert.equal(dir.board, 'Mongrel BBS');
  assert.equal(dir.nodes.length, 1);
  const [node] = dir.nodes;
  assert.equal(node!.lines.total, 5);
  assert.equal(node!.lines.free + node!.lines.inUse, 5);
  for (const [transport, port] of Object.entries(board.ports)) {
    assert.ok(node!.transports.some((t) => t.transport === transport && t.port === port), `${transport} listed at ${port}`);
  }
  assert.ok(node!.transports.some((t) => t.transport === 'jsonsocket' && t.url === '@bbs.1' && t.port === board.ports.tcpjson));
  assert.ok(node!.transports.some((t) => t.transport === 'websocket' && t.url === '/ws?node=1' && t.port === board.ports.http));
});
