import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { askBoard } from '../../src/control/client.js';
import { withAllocatorEnv } from '../../src/nodes/allocator-env.js';
import { fromWire } from '../../src/nodes/link-protocol.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, logInAndEnter, registerAndEnter } from '../callers/json.js';
import { PtyProcess } from '../helpers/pty.js';
import { stripAnsi } from '../callers/text-stream.js';
import { findTool, requireTool } from '../helpers/tools.js';
import { until, type Truthy } from '../helpers/until.js';

async function who(board: BoardProcess) {
  const a = await askBoard(board.data, { cmd: 'who' });
  assert.ok(a.ok);
  return (a.callers ?? []).map(fromWire);
}

async function nodesOf(board: BoardProcess) {
  const a = await askBoard(board.data, { cmd: 'nodes' });
  assert.ok(a.ok);
  return a.nodes!;
}

/** The nodes' state comes over the control socket: poll it gently, with room for a node restart. */
function eventually<T>(what: string, fn: () => Promise<T>): Promise<Truthy<T>> {
  return until(what, fn, 10_000, 50);
}

/** Everything a raw telnet connection receives until the board closes it. */
function telnetUntilClosed(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => reject(new Error('telnet line never closed')), 8000);
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function websocketUntilClosed(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` });
    let text = '';
    const timer = setTimeout(() => reject(new Error('websocket never closed')), 8000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'resize', cols: 80, rows: 24 })));
    ws.on('message', (d: Buffer, binary: boolean) => (text += binary ? d.toString('utf8') : `\n[control ${d.toString('utf8')}]\n`));
    ws.on('error', () => {});
    ws.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
}

test('two worker nodes with one line each: the third caller hears the busy signal on every transport', { timeout: 120_000 }, async (t) => {
  const board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '1'] });
  try {
    const a = await JsonClient.dial(board.ports.tcpjson!);
    await a.expect("Who's calling?", 'prompt');
    const b = await JsonClient.dial(board.ports.tcpjson!);
    await b.expect("Who's calling?", 'prompt');
    const placed = await eventually('both callers placed', async () => ((await who(board)).length === 2 ? await who(board) : false));
    assert.deepEqual(placed.map((c) => c.node).sort(), [1, 2], 'one caller on each node, line 1');
    assert.deepEqual(placed.map((c) => c.line), [1, 1]);
    const threshold = withAllocatorEnv(process.env).MALLOC_TRIM_THRESHOLD_;
    for (const node of await nodesOf(board)) {
      const env = readFileSync(`/proc/${node.pid}/environ`, 'latin1').split('\0');
      assert.ok(env.includes(`MALLOC_TRIM_THRESHOLD_=${threshold}`), `node ${node.node} runs with the allocator setting`);
    }

    const json = await JsonClient.dial(board.ports.tcpjson!);
    const busy = await json.expect('BUSY', 'exit');
    assert.match(stripAnsi(busy.msg), /Mongrel BBS: both lines are in use right now\./);
    await json.ended;

    assert.match(stripAnsi(await telnetUntilClosed(board.ports.telnet!)), /BUSY.*both lines are in use/s);
    assert.match(stripAnsi(await websocketUntilClosed(board.ports.http!)), /busy/i);

    const ssh = findTool('ssh');
    if (requireTool(t, ssh, 'the OpenSSH client', 'apt-get install openssh-client')) {
      const c = PtyProcess.spawn([ssh, '-tt', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-p', String(board.ports.ssh), 'bbs@127.0.0.1']);
      await c.expect('Mongrel BBS: both lines are in use right now.', 10_000);
      assert.notEqual(await c.exited, null);
    }
    a.close();
    b.close();
  } finally {
    assert.equal(await board.stop(), 0);
  }
});

test('SIGKILL a worker node: its caller stays connected and lands at the main menu on the other node, still logged in', { timeout: 120_000 }, async () => {
  const board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '1'] });
  try {
    const a = await JsonClient.dial(board.ports.tcpjson!);
    await registerAndEnter(a, 'Survivor', 'password1');
    const [me] = await who(board);
    assert.equal(me?.user, 'Survivor');
    const pid = (await nodesOf(board)).find((n) => n.node === me.node)!.pid!;
    process.kill(pid, 'SIGKILL');
    await a.expect('The line dropped. Redialing');
    await a.expect('Line restored');
    await a.expect('MAIN MENU', 'prompt');
    const [moved] = await eventually('the caller on the other node', async () => {
      const w = await who(board);
      return w[0] && w[0].node !== me.node ? w : false;
    });
    assert.equal(moved!.user, 'Survivor', 'still logged in');
    a.send('1');
    await a.answer('Subject:', '');
    await a.expect('Type your message');
    a.send('posted after the redial');
    a.send('.');
    await a.expect(/Message #\d+ posted/);
    await a.expect('MAIN MENU', 'prompt');

    // Now both lines are taken: killing a node leaves its caller no line, so they hear the busy signal.
    await eventually('the killed node back up', async () => (await nodesOf(board)).every((n) => n.up));
    const b = await JsonClient.dial(board.ports.tcpjson!);
    await registerAndEnter(b, 'Second', 'password1');
    const bNode = (await who(board)).find((c) => c.user === 'Second')!.node;
    process.kill((await nodesOf(board)).find((n) => n.node === bNode)!.pid!, 'SIGKILL');
    await b.expect('The line dropped. Redialing');
    await b.expect('BUSY', 'exit');
    await b.ended;
    a.send('q');
    a.send('y'); // Log off? yes
    await a.expect('So long, Survivor', 'exit');
  } finally {
    assert.equal(await board.stop(), 0);
  }
});

test('drain a node: new callers go to the other node, the drained node’s callers finish normally', { timeout: 120_000 }, async () => {
  const board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '3'] });
  try {
    const a = await JsonClient.dial(board.ports.tcpjson!);
    await registerAndEnter(a, 'Stayer', 'password1');
    const aNode = (await who(board))[0]!.node;
    const drained = await askBoard(board.data, { cmd: 'drain', node: aNode, on: true });
    assert.ok(drained.ok);
    const others: JsonClient[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await JsonClient.dial(board.ports.tcpjson!);
      await c.expect("Who's calling?", 'prompt');
      others.push(c);
    }
    const placed = await who(board);
    assert.equal(placed.filter((c) => c.node === aNode).length, 1, 'nobody new on the drained node');
    assert.equal(placed.filter((c) => c.node !== aNode).length, 3);
    const full = await JsonClient.dial(board.ports.tcpjson!);
    // The drained node's two free lines are no use to this caller, and the busy signal says so.
    const busy = await full.expect('BUSY', 'exit');
    assert.match(stripAnsi(busy.msg).replace(/\s+/g, ' '), new RegExp(`Mongrel BBS: all 3 open lines are in use right now, and node ${aNode} is closed for maintenance\\.`));
    a.send('2');
    await a.expect('quiet');
    a.send('q');
    a.send('y'); // Log off? yes
    await a.expect('So long, Stayer', 'exit');
    const status = (await nodesOf(board)).find((n) => n.node === aNode)!;
    assert.equal(status.draining, true);
    assert.equal(status.inUse, 0);
    for (const c of others) c.close();
  } finally {
    assert.equal(await board.stop(), 0);
  }
});

test('concurrent posting from callers on different worker processes: every acknowledged message stored exactly once', { timeout: 120_000 }, async () => {
  const board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '4'] });
  const acked: string[] = [];
  try {
    await Promise.all(
      Array.from({ length: 6 }, async (_, n) => {
        const c = await JsonClient.dial(board.ports.tcpjson!);
        await registerAndEnter(c, `Poster${n}`, 'password1');
        for (let i = 0; i < 15; i++) {
          c.send('1');
          await c.answer('Subject:', '');
          await c.expect('Type your message');
          c.send(`note p${n}-${i}`);
          c.send('.');
          await c.expect(/Message #\d+ posted/);
          acked.push(`p${n}-${i}`);
          await c.expect('MAIN MENU', 'prompt');
        }
        c.send('q');
        c.send('y'); // Log off? yes
        await c.expect('So long', 'exit');
      }),
    );
    const nodesUsed = new Set((await nodesOf(board)).map((n) => n.node));
    assert.equal(nodesUsed.size, 2);
    const reader = await JsonClient.dial(board.ports.tcpjson!);
    await logInAndEnter(reader, 'Poster0', 'password1');
  } finally {
    assert.equal(await board.stop(), 0);
  }
  const { openSqliteStore } = await import('../../src/store/sqlite-store.js');
  const store = openSqliteStore(`${board.data}/bbs.db`);
  try {
    const bodies = (await store.publicMessages.listNewestFirst(10_000)).map((m) => m.body);
    for (const token of acked) assert.equal(bodies.filter((b) => b === `note ${token}`).length, 1, token);
    assert.equal(bodies.length, acked.length);
  } finally {
    await store.close();
  }
});

test('restart a node for a deploy: a new process takes over and its callers stay connected, still logged in', { timeout: 120_000 }, async () => {
  const board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '2'] });
  try {
    const a = await JsonClient.dial(board.ports.tcpjson!);
    await registerAndEnter(a, 'Deployed', 'password1');
    const [me] = await who(board);
    const before = (await nodesOf(board)).find((n) => n.node === me!.node)!.pid;
    const restarted = await askBoard(board.data, { cmd: 'restart', node: me!.node });
    assert.ok(restarted.ok, JSON.stringify(restarted));
    await a.expect('The line dropped. Redialing');
    await a.expect('Line restored');
    await a.expect('MAIN MENU', 'prompt');
    const after = (await nodesOf(board)).find((n) => n.node === me!.node)!;
    assert.ok(after.up && after.pid !== before, 'a new process serves the node');
    const [still] = await who(board);
    assert.equal(still?.user, 'Deployed');
    a.send('q');
    a.send('y'); // Log off? yes
    await a.expect('So long, Deployed', 'exit');
  } finally {
    assert.equal(await board.stop(), 0);
  }
});
