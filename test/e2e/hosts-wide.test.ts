import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { telnetRegister } from '../callers/telnet.js';
import { FORGET_MS } from '../../src/nodes/nats-link.js';
import type { DirectoryInfo } from '../../src/transports/http/directory.js';
import { natsSkip, startNats } from '../helpers/nats.js';
import { freshDatabase, postgresSkip } from '../helpers/postgres.js';
import { runBbs, seedHostKeys, startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { identity, run, SSH, sshOptions } from '../helpers/ssh-client.js';
import { TelnetClient } from '../callers/telnet.js';
import { until } from '../helpers/until.js';

/**
 * Node numbers, lines and the phone book across the hosts of one board:
 * two board processes on one PostgreSQL database and one nats-server.
 */

async function directory(board: BoardProcess): Promise<DirectoryInfo> {
  const res = await fetch(`http://127.0.0.1:${board.ports.http!}/directory`);
  assert.equal(res.status, 200);
  return (await res.json()) as DirectoryInfo;
}

/** Node number, host and free lines of every node in a host's phone book. */
async function listed(board: BoardProcess): Promise<string[]> {
  return (await directory(board)).nodes.map((n) => `${n.node} ${n.host ?? '?'} ${n.lines.free}/${n.lines.total}`);
}

/** A data folder the test keeps across a host's restart, removed after it. */
async function keptData(t: test.TestContext): Promise<string> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-test-host-'));
  t.after(() => rm(data, { recursive: true, force: true }));
  await seedHostKeys(data);
  return data;
}

void test('two hosts started at once get their own node numbers, the same after a restart, and each phone book lists both until one is killed', { timeout: 240_000 }, async (t) => {
  const skip = natsSkip() || postgresSkip();
  if (skip) return t.skip(skip);
  const nats = await startNats(t);
  const env = { BBS_DATABASE_URL: await freshDatabase(), BBS_BUS_URL: nats.url, BBS_LINES: '2' };
  const [dataA, dataB] = [await keptData(t), await keptData(t)];
  // Started together: each takes its block of node numbers under the database's lock.
  const [a, b] = await Promise.all([
    startBoardProcess({ data: dataA, env: { ...env, BBS_HOST_ID: 'host-a' }, t }),
    startBoardProcess({ data: dataB, env: { ...env, BBS_HOST_ID: 'host-b', BBS_NODES: '2' }, t }),
  ]);
  let aNodes: number[] = [];
  let bNodes: number[] = [];
  await until('each phone book lists both hosts', async () => {
    const [fromA, fromB] = [await directory(a), await directory(b)];
    aNodes = fromA.nodes.filter((n) => n.host === 'host-a').map((n) => n.node);
    bNodes = fromA.nodes.filter((n) => n.host === 'host-b').map((n) => n.node);
    return aNodes.length === 1 && bNodes.length === 2 && fromB.nodes.length === 3;
  }, 15_000, 100);
  const all = [...aNodes, ...bNodes];
  assert.equal(new Set(all).size, 3, `no node number on two hosts: ${all.join(', ')}`);
  // One host has the block from 1, the other the block from 101.
  assert.deepEqual([...all].sort((x, y) => x - y), aNodes[0] === 1 ? [1, 101, 102] : [1, 2, 101]);

  // A caller on A takes one of its two lines: both phone books say so.
  const ann = await telnetRegister(a.ports.telnet!, 'Ann');
  const expected = [`${aNodes[0]} host-a 1/2`, `${bNodes[0]} host-b 2/2`, `${bNodes[1]} host-b 2/2`].sort();
  await until("A's phone book counts Ann's line", async () => JSON.stringify((await listed(a)).sort()) === JSON.stringify(expected), 10_000, 100);
  await until("B's phone book counts Ann's line", async () => JSON.stringify((await listed(b)).sort()) === JSON.stringify(expected), 10_000, 100);
  const bEntry = (await directory(a)).nodes.find((n) => n.node === bNodes[0])!;
  assert.ok(
    bEntry.transports.some((x) => x.transport === 'telnet' && x.host === '127.0.0.1' && x.port === b.ports.telnet),
    `B's node is dialled at B's own telnet port: ${JSON.stringify(bEntry.transports)}`,
  );
  assert.ok(bEntry.transports.some((x) => x.transport === 'jsonsocket' && x.url === `@bbs.${bNodes[0]}`));
  ann.close();

  // B restarts: it gets its own numbers back.
  await b.stop();
  const b2 = await startBoardProcess({ data: dataB, env: { ...env, BBS_HOST_ID: 'host-b', BBS_NODES: '2' }, t });
  await until('B is back in A\'s phone book with the same numbers', async () => {
    const nodes = (await directory(a)).nodes.filter((n) => n.host === 'host-b').map((n) => n.node);
    return JSON.stringify(nodes) === JSON.stringify(bNodes);
  }, 15_000, 100);

  // B is killed outright: A drops it from its phone book once its heartbeats stop for FORGET_MS.
  b2.child.kill('SIGKILL');
  await until(`A dropped host B within ${FORGET_MS} ms`, async () => (await directory(a)).nodes.every((n) => n.host === 'host-a'), FORGET_MS + 3000, 100);
});

void test("a full host's busy signal names the other host's free lines; bbs nodes and ssh who show both hosts; another host's node is not drained here", { timeout: 240_000 }, async (t) => {
  const skip = natsSkip() || postgresSkip();
  if (skip) return t.skip(skip);
  const nats = await startNats(t);
  const env = { BBS_DATABASE_URL: await freshDatabase(), BBS_BUS_URL: nats.url, BBS_LINES: '1' };
  const a = await startBoardProcess({ env: { ...env, BBS_HOST_ID: 'host-a' }, t });
  const b = await startBoardProcess({ env: { ...env, BBS_HOST_ID: 'host-b' }, t });
  await until('A lists B', async () => (await directory(a)).nodes.some((n) => n.host === 'host-b'), 15_000, 100);

  // Ann takes A's one line; the next caller on A hears the busy signal with B's free line and its numbers.
  const ann = await telnetRegister(a.ports.telnet!, 'Ann');
  await until("B's line is free in A's phone book", async () => (await listed(a)).some((l) => l.startsWith('101 host-b 1/1')), 10_000, 100);
  const late = await TelnetClient.connect(a.ports.telnet!);
  // A space may be where the words wrap at the caller's width: a line end, with the row's colours closed.
  const words = `host host-b has 1 free line (telnet 127.0.0.1:${b.ports.telnet!}, ssh 127.0.0.1:${b.ports.ssh!}, web 127.0.0.1:${b.ports.http!})`;
  const gap = '(?:\\s|\\x1b\\[[0-9;]*m)+';
  await late.waitFor(new RegExp(`BUSY[\\s\\S]*${words.replace(/[.()]/g, '\\$&').replace(/ /g, gap)}`), { timeoutMs: 10_000 });
  late.close();

  // Bob calls B: its one line is taken too, and the whole board's nodes and callers show on either host.
  const bob = await telnetRegister(b.ports.telnet!, 'Bob');
  const nodes = await runBbs(['nodes', '--data', a.data], { env });
  assert.equal(nodes.code, 0, nodes.out);
  assert.match(nodes.out, /^host-a\s+1\s+up\s+1\s+1\s+0\s/m, nodes.out);
  assert.match(nodes.out, /^host-b\s+101\s+up\s+1\s+1\s+0\s*$/m, nodes.out);
  const drain = await runBbs(['nodes', 'drain', '101', '--data', a.data], { env });
  assert.notEqual(drain.code, 0, drain.out);
  assert.match(drain.out, /node 101 runs on host host-b/);
  const restart = await runBbs(['nodes', 'restart', '101', '--data', a.data], { env });
  assert.match(restart.out, /node 101 runs on host host-b/);

  if (SSH()) {
    const who = await run('ssh', [...sshOptions(b.ports.ssh!, identity(null)), 'bbs@127.0.0.1', 'who']);
    assert.equal(who.code, 0, who.stderr);
    assert.match(who.stdout, /^host-a\s+1\/1\s+Ann\s/m, who.stdout);
    assert.match(who.stdout, /^host-b\s+101\/1\s+Bob\s/m, who.stdout);
  }
  ann.close();
  bob.close();
});
