import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boardDirectory, buildDirectory, webSocketEntry } from '../../../../src/transports/http/directory.js';

const http = { transport: 'http', address: { address: '0.0.0.0', port: 8080 } };
const telnet = { transport: 'telnet', address: { address: '127.0.0.1', port: 2323 } };

void test('free lines are total minus in use', () => {
  const d = buildDirectory({ board: 'B', nodes: [{ node: 1, lines: { total: 10, inUse: 3 }, listeners: [telnet] }] });
  assert.deepEqual(d, {
    board: 'B',
    nodes: [{ node: 1, lines: { total: 10, inUse: 3, free: 7 }, transports: [{ transport: 'telnet', host: '127.0.0.1', port: 2323 }] }],
  });
});

void test('odd line counts never produce negative or fractional free lines', () => {
  const d = buildDirectory({
    board: 'B',
    nodes: [
      { node: 1, lines: { total: 2, inUse: 5 }, listeners: [] },
      { node: 2, lines: { total: -1, inUse: 0 }, listeners: [] },
      { node: 3, lines: { total: 4.7, inUse: Number.NaN }, listeners: [] },
    ],
  });
  assert.deepEqual(
    d.nodes.map((n) => n.lines),
    [
      { total: 2, inUse: 2, free: 0 },
      { total: 0, inUse: 0, free: 0 },
      { total: 4, inUse: 0, free: 4 },
    ],
  );
});

void test('a wildcard bind address is no phone number: localhost or the public host', () => {
  const local = buildDirectory({ board: 'B', nodes: [{ node: 1, lines: { total: 1, inUse: 0 }, listeners: [http] }] });
  assert.equal(local.nodes[0]?.transports[0]?.host, 'localhost');
  const pub = buildDirectory({ board: 'B', publicHost: 'bbs.example.org', nodes: [{ node: 1, lines: { total: 1, inUse: 0 }, listeners: [http, telnet] }] });
  assert.deepEqual(pub.nodes[0]?.transports.map((t) => t.host), ['bbs.example.org', 'bbs.example.org']);
});

void test('the WebSocket on the HTTP port is listed with its path', () => {
  const d = buildDirectory({ board: 'B', nodes: [{ node: 7, lines: { total: 4, inUse: 4 }, listeners: [http], extra: [webSocketEntry(http, '/ws')] }] });
  assert.deepEqual(d.nodes[0]?.transports[1], { transport: 'websocket', host: 'localhost', port: 8080, url: '/ws' });
  assert.deepEqual(webSocketEntry(http, '/ws', { node: 7, publicHost: 'bbs.example.org' }), { transport: 'websocket', host: 'bbs.example.org', port: 8080, url: '/ws?node=7' });
  assert.equal(d.nodes[0]?.lines.free, 0);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(d)));
});

void test("the board's phone book gives every node its per-node numbers, and a node that is down no free lines", () => {
  const json = { transport: 'tcpjson', address: { address: '192.0.2.1', port: 6767 } };
  const d = boardDirectory({
    board: 'B',
    nodes: [
      { node: 1, lines: 4, inUse: 1, up: true },
      { node: 2, lines: 4, inUse: 0, up: false },
    ],
    listeners: [telnet, json, http],
    jsonRoute: '@bbs',
    wsPath: '/ws',
  });
  assert.deepEqual(
    d.nodes.map((n) => n.lines),
    [
      { total: 4, inUse: 1, free: 3 },
      { total: 0, inUse: 0, free: 0 },
    ],
  );
  assert.deepEqual(d.nodes[1]?.transports, [
    { transport: 'telnet', host: '127.0.0.1', port: 2323 },
    { transport: 'tcpjson', host: '192.0.2.1', port: 6767 },
    { transport: 'http', host: 'localhost', port: 8080 },
    { transport: 'jsonsocket', host: '192.0.2.1', port: 6767, url: '@bbs.2' },
    { transport: 'jsonsocket', host: 'localhost', port: 8080, url: '@bbs.2' },
    { transport: 'websocket', host: 'localhost', port: 8080, url: '/ws?node=2' },
  ]);
  const noWebSocket = boardDirectory({ board: 'B', nodes: [{ node: 1, lines: 1, inUse: 0, up: true }], listeners: [http], jsonRoute: '@bbs', wsPath: null });
  assert.deepEqual(noWebSocket.nodes[0]?.transports.map((t) => t.transport), ['http', 'jsonsocket']);
});
