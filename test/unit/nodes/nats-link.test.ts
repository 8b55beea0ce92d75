import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'nats';
import { createLogger } from '../../../src/logger.js';
import { boardSubjects, MAX_EVENT_BYTES, type HostListing, type HostNode } from '../../../src/nodes/bus-wire.js';
import { NatsHostBus } from '../../../src/nodes/nats-link.js';
import type { LiveEvent, OnlineCaller } from '../../../src/session/live.js';
import { natsSkip, startNats } from '../../helpers/nats.js';
import { until } from '../../helpers/until.js';

const skip = natsSkip();
const BOARD = 'Two Host Board';
const SUBJECTS = boardSubjects(BOARD);

/** One host's side of the bus, with callers the test sets and the log lines it wrote. */
async function host(
  t: TestContext,
  url: string,
  hostId: string,
  callers: OnlineCaller[] = [],
  nodes: HostNode[] = [],
  listing: HostListing | null = null,
): Promise<{ bus: NatsHostBus; heard: LiveEvent[]; log: string[]; callers: OnlineCaller[]; nodes: HostNode[] }> {
  const log: string[] = [];
  const bus = new NatsHostBus({
    servers: [url],
    hostId,
    boardName: BOARD,
    log: createLogger({ format: 'json', level: 'debug', write: (l) => log.push(l) }),
    heartbeatMs: 100,
    forgetMs: 400,
    whoWaitMs: 500,
  });
  const heard: LiveEvent[] = [];
  bus.onEvent((e) => heard.push(e));
  bus.serve({ roster: () => callers, count: () => callers.length, nodes: () => nodes, listing: () => listing });
  t.after(() => bus.close());
  await bus.start();
  assert.ok(bus.isConnected, `host ${hostId} reached the bus`);
  return { bus, heard, log, callers, nodes };
}

function caller(sessionId: string, user: string): OnlineCaller {
  return { sessionId, node: 1, line: 1, transport: 'telnet', userId: 7, user, doing: 'at the main menu', since: new Date(1000), connectedAt: new Date(500) };
}

const EVERY_KIND: LiveEvent[] = [
  { kind: 'chat', room: 'main', from: 'ann', text: 'hello from A', action: false, at: 1 },
  { kind: 'chat-presence', room: 'main', name: 'ann', joined: true, at: 2 },
  { kind: 'page', toUserId: 9, from: 'ann', text: 'psst', at: 3, sysop: true, overrode: true },
  { kind: 'broadcast', from: 'sysop', text: 'going down at noon', at: 4 },
  { kind: 'mail', toUserId: 9, from: 'ann', subject: 'lunch?', at: 5 },
  { kind: 'kick', sessionId: 'b-session', by: 'sysop', at: 6 },
];

test('every kind of live event crosses from one host to the other, once, and never comes back to its own', { skip }, async (t) => {
  const nats = await startNats(t);
  const a = await host(t, nats.url, 'host-a', [caller('a1', 'ann')]);
  const b = await host(t, nats.url, 'host-b', [caller('b1', 'bob')]);
  // Each has heard the other's heartbeat: both listen on the board's subjects.
  await until('each host knows the other', () => a.bus.othersCount() === 1 && b.bus.othersCount() === 1);
  for (const e of EVERY_KIND) a.bus.publish(e);
  await until('host b heard every event', () => b.heard.length >= EVERY_KIND.length);
  assert.deepEqual(b.heard, EVERY_KIND);
  b.bus.publish({ kind: 'broadcast', from: 'sysop', text: 'from B', at: 7 });
  await until('host a heard B', () => a.heard.length === 1);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(a.heard, [{ kind: 'broadcast', from: 'sysop', text: 'from B', at: 7 }], 'A never heard its own events back');
  assert.equal(b.heard.length, EVERY_KIND.length, 'B never heard its own event back');
});

test("heartbeats: each host counts the other's callers, hears a new count at once, and forgets a host that stops", { skip }, async (t) => {
  const nats = await startNats(t);
  const a = await host(t, nats.url, 'host-a', [caller('a1', 'ann')]);
  const b = await host(t, nats.url, 'host-b', [caller('b1', 'bob'), caller('b2', 'bea')]);
  await until("A counts B's two callers", () => a.bus.othersCount() === 2);
  await until("B counts A's caller", () => b.bus.othersCount() === 1);

  let changes = 0;
  a.bus.onChange(() => changes++);
  b.callers.pop();
  b.bus.localChanged();
  await until("A hears B's new count", () => a.bus.othersCount() === 1);
  assert.ok(changes >= 1, 'the gateway is told the count changed');

  // A host that says goodbye is forgotten at once; one that just stops (killed), within forgetMs.
  await b.bus.close();
  await until('A forgot B after its goodbye', () => a.bus.othersCount() === 0, 300);

  const ghost = await connect({ servers: nats.url });
  t.after(() => ghost.close());
  const beat = (): void => ghost.publish(SUBJECTS.hosts, new TextEncoder().encode(JSON.stringify({ host: 'ghost', instance: 'g1', count: 5 })));
  beat();
  await until('A counts the ghost host', () => a.bus.othersCount() === 5);
  await until('A forgot the host whose heartbeat stopped', () => a.bus.othersCount() === 0, 2000);
});

test("heartbeats carry each host's nodes with their lines and its phone numbers; a host that stops takes them along", { skip }, async (t) => {
  const nats = await startNats(t);
  const a = await host(t, nats.url, 'host-a', [], [{ node: 1, lines: 2, inUse: 0, up: true, draining: false }]);
  const listing: HostListing = { name: 'b.example.org', ports: [{ transport: 'telnet', port: 2323 }], wsPath: '/ws' };
  const b = await host(t, nats.url, 'host-b', [caller('b1', 'bob')], [{ node: 101, lines: 1, inUse: 1, up: true, draining: false }], listing);
  await until("A holds B's nodes", () => a.bus.othersNodes().length === 1);
  assert.deepEqual(a.bus.othersNodes(), [{ host: 'host-b', nodes: [{ node: 101, lines: 1, inUse: 1, up: true, draining: false }], listing }]);
  b.nodes[0] = { node: 101, lines: 1, inUse: 0, up: true, draining: false };
  b.bus.localChanged();
  await until("A hears B's free line", () => a.bus.othersNodes()[0]?.nodes[0]?.inUse === 0);
  await b.bus.close();
  await until('B left the phone book with its goodbye', () => a.bus.othersNodes().length === 0, 300);
});

test("who's online: every live host answers with its callers, each marked with its host", { skip }, async (t) => {
  const nats = await startNats(t);
  const a = await host(t, nats.url, 'host-a', [caller('a1', 'ann')]);
  await host(t, nats.url, 'host-b', [caller('b1', 'bob')]);
  await host(t, nats.url, 'host-c', [caller('c1', 'cid'), caller('c2', 'cat')]);
  await until('A knows both other hosts', () => a.bus.othersCount() === 3);
  const others = await a.bus.othersRoster();
  assert.deepEqual(
    others.map((c) => `${c.host}:${c.user}`).sort(),
    ['host-b:bob', 'host-c:cat', 'host-c:cid'],
  );
  const bob = others.find((c) => c.user === 'bob')!;
  assert.equal(bob.since.getTime(), 1000, 'times cross as times');
});

test('malformed messages on the bus are dropped and counted in the log; good ones after them still arrive', { skip }, async (t) => {
  const nats = await startNats(t);
  const a = await host(t, nats.url, 'host-a');
  const raw = await connect({ servers: nats.url });
  t.after(() => raw.close());
  const enc = (v: unknown): Uint8Array => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
  const junk: [string, Uint8Array][] = [
    [SUBJECTS.live, enc('not json {')],
    [SUBJECTS.live, new Uint8Array([0xff, 0xfe, 0x00])],
    [SUBJECTS.live, enc([1, 2, 3])],
    [SUBJECTS.live, enc({ host: 'x', event: { kind: 'chat', room: 'main' } })],
    [SUBJECTS.live, enc({ host: 'x', event: { kind: 'explode', at: 1 } })],
    [SUBJECTS.live, enc({ host: 'bad host!', event: EVERY_KIND[3] })],
    [SUBJECTS.live, enc({ host: 'x', event: { ...EVERY_KIND[0], text: 'y'.repeat(MAX_EVENT_BYTES) } })],
    [SUBJECTS.live, enc({ host: 'x', event: { kind: 'page', toUserId: 'everyone', from: 'x', text: 'hi', at: 1 } })],
    [SUBJECTS.hosts, enc({ host: 'x', instance: 'i', count: -4 })],
    [SUBJECTS.hosts, enc({ host: 'x', instance: 'i', count: 1e300 })],
    [SUBJECTS.hosts, enc('null')],
  ];
  for (const [subject, bytes] of junk) raw.publish(subject, bytes);
  raw.publish(SUBJECTS.live, enc({ host: 'host-z', event: EVERY_KIND[3] }));
  await until('the good event after the junk arrived', () => a.heard.length === 1);
  assert.deepEqual(a.heard, [EVERY_KIND[3]]);
  assert.equal(a.bus.droppedTotal, junk.length, 'every bad message was dropped and counted');
  assert.equal(a.bus.othersCount(), 0, 'no bad heartbeat made a host');
  const dropLines = a.log.filter((l) => l.includes('bus message dropped'));
  assert.equal(dropLines.length, 1, 'a flood of bad messages is one log line, not one each');
  assert.match(dropLines[0]!, /"why":"not JSON"/);
});

test('the NATS server restarts mid-way: each host says so once, keeps going, and events flow again once it is back', { skip }, async (t) => {
  const nats = await startNats(t);
  const a = await host(t, nats.url, 'host-a', [caller('a1', 'ann')]);
  const b = await host(t, nats.url, 'host-b');
  await until("B counts A's caller", () => b.bus.othersCount() === 1);

  await nats.stop();
  await until('A noticed the bus is gone', () => !a.bus.isConnected);
  a.bus.publish(EVERY_KIND[0]!); // dropped, not kept to arrive late
  await until('B forgot A while the bus is away', () => b.bus.othersCount() === 0, 3000);
  assert.equal(a.log.filter((l) => l.includes('bus lost')).length, 1, 'said once');

  await nats.start();
  await until('both hosts are back on the bus', () => a.bus.isConnected && b.bus.isConnected, 10_000);
  await until("B counts A's caller again", () => b.bus.othersCount() === 1, 3000);
  a.bus.publish(EVERY_KIND[3]!);
  await until('B hears A again', () => b.heard.length > 0, 3000);
  assert.deepEqual(b.heard, [EVERY_KIND[3]], 'the event published while the bus was away never arrived late');
  assert.equal(a.log.filter((l) => l.includes('bus lost')).length, 1, 'still said once');
  assert.ok(a.log.some((l) => l.includes('bus back')));
});
