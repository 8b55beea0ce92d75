import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyOnBoard } from '../../../src/nodes/busy-elsewhere.js';
import type { NodeStatus } from '../../../src/nodes/gateway.js';
import type { HostView } from '../../../src/nodes/host-table.js';

const full: NodeStatus[] = [{ node: 1, lines: 1, inUse: 1, free: 0, draining: false, up: true, pid: 1 }];
const hostB = (inUse: number): HostView => ({
  host: 'host-b',
  nodes: [{ node: 101, lines: 2, inUse, up: true, draining: false }],
  listing: { name: 'b.example.org', ports: [{ transport: 'telnet', port: 2323 }, { transport: 'tcpjson', port: 9000 }, { transport: 'ssh', port: 22 }], wsPath: '/ws' },
});

test('alone, the busy signal says what it always said', () => {
  assert.deepEqual(busyOnBoard(full, []), { lines: 1, busy: 'its one line is in use right now' });
});

test("a full host names another host's free lines and its numbers, and counts the whole board's lines", () => {
  assert.deepEqual(busyOnBoard(full, [hostB(1)]), {
    lines: 3,
    busy: 'its one line is in use right now on this host; host host-b has 1 free line (telnet b.example.org:2323, ssh b.example.org:22)',
  });
});

test('when every host is full, the words count every line of the board', () => {
  assert.deepEqual(busyOnBoard(full, [hostB(2)]), { lines: 3, busy: 'all 3 lines are in use right now' });
});

test("a caller who dialled another host's node is told whose it is", () => {
  assert.match(busyOnBoard(full, [hostB(0)], 101).busy, /^node 101 is on another host: host host-b has 2 free lines \(telnet b\.example\.org:2323/);
});
