import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { stripAnsi } from '../callers/text-stream.js';
import { JsonClient, frame, registerAndEnter } from '../callers/json.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';

/**
 * With worker nodes, each node used to keep its own password back-off, so
 * an attacker who had run up the wait on one node was checked at once on
 * the next. The board keeps one guard, in the gateway, that every node
 * asks; a node's own "phone number" (`@bbs.N` on the JSON socket) lets the
 * test pick which node each guess lands on.
 */

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '4'], env: { BBS_PASSWORD_WAIT: '4' } });
});
after(async () => {
  await board.stop();
});

/** One guess at `name` on node `node`: how long the board took to answer the password, and what it said. */
async function guessOn(node: number, name: string, password: string): Promise<{ ms: number; text: string }> {
  const c = await JsonClient.connect(board.ports.tcpjson!);
  const path = `@bbs.${node}`;
  try {
    c.write(frame('connect', path));
    await c.expect("Who's calling?", 'prompt');
    c.write(frame(name, path));
    await c.expect('Password:', 'prompt');
    const sent = performance.now();
    c.write(frame(password, path));
    const end = await c.waitFor((r) => r.type !== 'screen', 30_000);
    return { ms: performance.now() - sent, text: c.replies.map((r) => stripAnsi(r.msg)).join('\n') + stripAnsi(end.msg) };
  } finally {
    c.close();
  }
}

test('failures on one node make the next guess on the other node wait too', { timeout: 120_000 }, async () => {
  const owner = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(owner, 'Target', 'target secret');
  owner.close();

  // Waits on node 1: 0, 1, 2 s.
  for (let i = 0; i < 3; i++) {
    const { text } = await guessOn(1, 'Target', `guess-${i}`);
    assert.match(text, /Wrong password/);
  }
  // The fourth guess goes to node 2, which never saw a failure itself.
  const { ms, text } = await guessOn(2, 'Target', 'guess-3');
  assert.match(text, /slows the next one down\. Checking in 4 seconds/, 'node 2 tells the caller the wait node 1 ran up');
  assert.match(text, /Wrong password/);
  assert.ok(ms >= 4000 - 50, `the guess on node 2 waited ${ms.toFixed(0)} ms, at least 4 s`);

  // And back on node 1, the line is as long as the failures on both nodes made it.
  const back = await guessOn(1, 'Target', 'guess-4');
  assert.match(back.text, /Checking in 4 seconds/);
  assert.ok(back.ms >= 4000 - 50);
});
