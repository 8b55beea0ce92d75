import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode, MAX_BEAT_NODES, MAX_HEARTBEAT_BYTES, parseHeartbeat, type Heartbeat, type HostNode } from '../../../src/nodes/bus-wire.js';
import { HostTable } from '../../../src/nodes/host-table.js';

const bytes = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
const node = (n: number, inUse = 0): HostNode => ({ node: n, lines: 32, inUse, up: true, draining: false });
const full: Heartbeat = {
  host: 'host-b',
  instance: 'i1',
  count: 3,
  nodes: Array.from({ length: MAX_BEAT_NODES }, (_, i) => node(101 + i, 32)),
  listing: { name: 'b.example.org', ports: Array.from({ length: 6 }, (_, i) => ({ transport: `t${i}`, port: 2000 + i })), wsPath: '/ws' },
};

test('a heartbeat of a host with the most nodes and its ports fits the bound and reads back the same', () => {
  const wire = encode(full, MAX_HEARTBEAT_BYTES);
  assert.ok(wire, 'fits');
  assert.deepEqual(parseHeartbeat(wire), { ok: true, value: full });
});

test('an older heartbeat without nodes or listing still reads', () => {
  assert.deepEqual(parseHeartbeat(bytes({ host: 'h', instance: 'i', count: 0 })), { ok: true, value: { host: 'h', instance: 'i', count: 0 } });
});

test('a heartbeat with any malformed node or listing is dropped whole, saying why', () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ ...full, nodes: 'all' }, /not a list of nodes/],
    [{ ...full, nodes: [...full.nodes!, node(999)] }, /not a list of nodes/],
    [{ ...full, nodes: [{ ...node(1), lines: -1 }] }, /node in the heartbeat is malformed/],
    [{ ...full, nodes: [{ ...node(0) }] }, /node in the heartbeat is malformed/],
    [{ ...full, nodes: [{ ...node(1), up: 'yes' }] }, /node in the heartbeat is malformed/],
    [{ ...full, listing: { ...full.listing, name: '' } }, /listing in the heartbeat is malformed/],
    [{ ...full, listing: { ...full.listing, ports: [{ transport: 'telnet', port: 70000 }] } }, /listing in the heartbeat is malformed/],
    [{ ...full, listing: { ...full.listing, wsPath: 'ws' } }, /listing in the heartbeat is malformed/],
    [{ ...full, listing: { ...full.listing, ports: Array.from({ length: 17 }, () => ({ transport: 'telnet', port: 1 })) } }, /listing in the heartbeat is malformed/],
  ];
  for (const [v, why] of bad) {
    const p = parseHeartbeat(bytes(v));
    assert.equal(p.ok, false, JSON.stringify(v).slice(0, 80));
    if (!p.ok) assert.match(p.why, why);
  }
});

test('a node claiming more lines in use than it has is read as full, not as negative free lines', () => {
  const p = parseHeartbeat(bytes({ host: 'h', instance: 'i', count: 0, nodes: [{ node: 5, lines: 2, inUse: 9, up: true, draining: false }] }));
  assert.ok(p.ok);
  if (p.ok) assert.equal(p.value.nodes![0]!.inUse, 2);
});

test("the host table keeps each live host's nodes and listing, and forgets them with the host", () => {
  const table = new HostTable(3000);
  table.heard(full, 0);
  table.heard({ host: 'host-a', instance: 'i2', count: 0 }, 0);
  assert.deepEqual(
    table.views().map((v) => [v.host, v.nodes.length, v.listing?.name ?? null]),
    [
      ['host-a', 0, null],
      ['host-b', MAX_BEAT_NODES, 'b.example.org'],
    ],
  );
  table.heard({ host: 'host-a', instance: 'i2', count: 0 }, 3500);
  assert.ok(table.prune(3600));
  assert.deepEqual(table.views().map((v) => v.host), ['host-a']);
});
