import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { JsonCaller } from '../callers/json.js';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { dialFrom, readToEnd } from '../helpers/port-flood.js';

const HALF_SENT = 60;

function getFrom(port: number, path: string, localAddress: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, localAddress, agent: false, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer`)));
    req.on('error', reject);
  });
}

test('half-sent requests from one address are capped per address on the HTTP port; another address still gets the page, a WebSocket call and a JSON socket', { timeout: 60_000 }, async () => {
  // Default caps: 8 per address.
  const board = await startBoardProcess();
  const port = board.ports.http!;
  const held: Socket[] = [];
  try {
    const answers: Array<Promise<string>> = [];
    for (let i = 0; i < HALF_SENT; i++) {
      const s = await dialFrom(port, '127.0.0.1');
      held.push(s);
      // Headers begun, never finished: the header timeout is ten seconds away.
      s.write('GET / HTTP/1.1\r\nHost: board\r\n');
      answers.push(readToEnd(s, 1500).catch(() => 'still open'));
    }
    const results = await Promise.all(answers);
    const refused = results.filter((r) => /^HTTP\/1\.1 503 /.test(r) && r.includes('Too many connections from your address (limit 8)'));
    const open = results.filter((r) => r === 'still open');
    assert.equal(open.length, 8, 'eight half-sent requests are held, as many as one address may');
    assert.equal(refused.length, HALF_SENT - 8, 'the rest are told why and closed within a second and a half');

    // Meanwhile a second address reaches everything on the port.
    const page = await getFrom(port, '/healthz', '127.0.0.2');
    assert.equal(page.status, 200);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { localAddress: '127.0.0.2' });
    const hello = await new Promise<string>((resolve, reject) => {
      ws.on('message', (data: Buffer, isBinary) => (isBinary ? undefined : resolve(data.toString('utf8'))));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    assert.match(hello, /"type":"hello"/);
    const json = await JsonCaller.dial({ port, localAddress: '127.0.0.2' });
    await json.until("Who's calling?", 5000);
    json.close();
    ws.terminate();

    // The same address on the JSON socket reads an exit saying why, not a bare close.
    const refusedJson = await JsonCaller.dial({ port, localAddress: '127.0.0.1' });
    assert.match(await refusedJson.until('\u0001EXIT\u0001', 3000), /Too many connections from your address/);
    refusedJson.close();
  } finally {
    for (const s of held) s.destroy();
    await board.stop();
  }
});
