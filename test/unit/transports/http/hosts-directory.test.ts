import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostsDirectory } from '../../../../src/transports/http/directory.js';

const here = {
  host: 'host-a',
  name: 'a.example.org',
  nodes: [
    { node: 1, lines: 2, inUse: 1, up: true, draining: false },
    { node: 2, lines: 2, inUse: 0, up: true, draining: true },
  ],
  listeners: [
    { transport: 'telnet', address: { address: '0.0.0.0', port: 2323 } },
    { transport: 'http', address: { address: '0.0.0.0', port: 8080 } },
  ],
  wsPath: '/ws',
};

test("the phone book of several hosts lists every host's nodes by number, each with its host, free lines and its own host's numbers", () => {
  const dir = hostsDirectory({
    board: 'Two Hosts',
    jsonRoute: '@bbs',
    here,
    others: [
      {
        host: 'host-b',
        nodes: [
          { node: 102, lines: 3, inUse: 1, up: true, draining: false },
          { node: 101, lines: 1, inUse: 1, up: true, draining: false },
        ],
        listing: { name: 'b.example.org', ports: [{ transport: 'ssh', port: 22 }, { transport: 'http', port: 80 }], wsPath: '/live' },
      },
    ],
  });
  assert.equal(dir.board, 'Two Hosts');
  assert.deepEqual(
    dir.nodes.map((n) => [n.node, n.host, n.lines.free]),
    [
      [1, 'host-a', 1],
      [2, 'host-a', 0],
      [101, 'host-b', 0],
      [102, 'host-b', 2],
    ],
  );
  const b102 = dir.nodes.find((n) => n.node === 102)!;
  assert.deepEqual(b102.transports, [
    { transport: 'ssh', host: 'b.example.org', port: 22 },
    { transport: 'http', host: 'b.example.org', port: 80 },
    { transport: 'jsonsocket', host: 'b.example.org', port: 80, url: '@bbs.102' },
    { transport: 'websocket', host: 'b.example.org', port: 80, url: '/live?node=102' },
  ]);
  const a1 = dir.nodes.find((n) => n.node === 1)!;
  assert.deepEqual(
    a1.transports.map((t) => `${t.transport} ${t.host}:${t.port}${t.url ?? ''}`),
    ['telnet a.example.org:2323', 'http a.example.org:8080', 'jsonsocket a.example.org:8080@bbs.1', 'websocket a.example.org:8080/ws?node=1'],
  );
});

test('a host that is not listening yet is left out; one that is down lists no free lines', () => {
  const dir = hostsDirectory({
    board: 'B',
    jsonRoute: '@bbs',
    here,
    others: [
      { host: 'host-b', nodes: [{ node: 101, lines: 4, inUse: 0, up: true, draining: false }], listing: null },
      { host: 'host-c', nodes: [{ node: 201, lines: 4, inUse: 0, up: false, draining: false }], listing: { name: 'c', ports: [], wsPath: null } },
    ],
  });
  assert.deepEqual(
    dir.nodes.map((n) => [n.node, n.host, n.lines.total, n.lines.free]),
    [
      [1, 'host-a', 2, 1],
      [2, 'host-a', 0, 0],
      [201, 'host-c', 0, 0],
    ],
  );
});
