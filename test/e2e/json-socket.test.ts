import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { frame, JsonClient, registerAndEnter } from '../callers/json.js';

let board: BoardProcess;
let port: number;
before(async () => {
  board = await startBoardProcess();
  port = board.ports.tcpjson!;
});
after(async () => {
  await board.stop();
});

async function refusedWith(bytes: Buffer, text: string | RegExp): Promise<void> {
  const c = await JsonClient.connect(port);
  c.write(bytes);
  const r = await c.expect(text, 'exit');
  assert.equal(r.type, 'exit');
  await c.ended;
}

test('the opening frame only opens the call; pings never reach the conversation', async () => {
  const c = await JsonClient.dial(port);
  await c.expect("Who's calling?", 'prompt');
  c.write(frame('', '@bbs', 'ping'));
  c.send('Pinger');
  await c.expect('No one here goes by Pinger');
  c.close();
});

test('garbage gets a clear exit reply and a close, and the board keeps serving', async () => {
  await refusedWith(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), /this port speaks Mongrel2 JSON sockets/);
  await refusedWith(Buffer.concat([Buffer.from('@bbs '), randomBytes(64), Buffer.of(0)]), /Request refused/);
  await refusedWith(Buffer.from('@bbs this is not json\0'), 'not valid JSON');
  await refusedWith(Buffer.from('@elsewhere {"type":"msg","msg":"x"}\0'), 'no board answers at that path');
  await refusedWith(Buffer.concat([Buffer.from('@bbs {"type":"msg","msg":"'), Buffer.of(0xff, 0xfe), Buffer.from('"}\0')]), 'not valid UTF-8');
  await refusedWith(Buffer.from(`@bbs {"type":"msg","msg":"${'x'.repeat(5000)}"}\0`), 'limited to 4096 bytes');
  await refusedWith(Buffer.from('@bbs {"type":"msg","msg":42}\0'), /expected \{"type":"msg"/);
  for (let i = 0; i < 30; i++) {
    const c = await JsonClient.connect(port);
    c.write(randomBytes(1 + (i * 37) % 300));
    c.close();
  }
  // Still serving, with a whole call.
  const c = await JsonClient.dial(port);
  await registerAndEnter(c, 'Survivor', 'still-here');
  c.send('q');
  c.send('y'); // Log off? yes
  await c.expect('So long, Survivor', 'exit');
  await c.ended;
});

test('a refused caller mid-call does not disturb another caller', async () => {
  const good = await JsonClient.dial(port);
  await good.expect("Who's calling?", 'prompt');
  await refusedWith(Buffer.from('\x00\x01\x02garbage\0'), /Request refused/);
  good.send('Steady');
  await good.expect('No one here goes by Steady');
  good.close();
});

test('the policy request gets the legacy policy reply', async () => {
  const c = await JsonClient.connect(port);
  const chunks: Buffer[] = [];
  c.socket.removeAllListeners('data');
  c.socket.on('data', (d: Buffer) => chunks.push(d));
  c.write('<policy-file-request/>\0');
  await c.ended;
  const text = Buffer.concat(chunks).toString('utf8');
  assert.match(text, /<cross-domain-policy>/);
  assert.ok(text.endsWith('\0'));
});
