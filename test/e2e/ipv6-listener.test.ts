import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { dialFrom, readToEnd } from '../helpers/port-flood.js';
import { setTimeout as sleep } from 'node:timers/promises';

const TOO_MANY = /Too many connections from your address \(limit 2\)/;

test('a board listening on :: counts ::1 against the per-address cap, and IPv4 callers on the same socket apart', { timeout: 60_000 }, async (t) => {
  const probe = await dialFrom(1, '::1', { host: '::1' }).catch((err: NodeJS.ErrnoException) => err);
  if (probe instanceof Error && probe.code !== 'ECONNREFUSED') {
    t.skip(`no IPv6 loopback here (${probe.code})`);
    return;
  }
  const board = await startBoardProcess({ args: ['--host', '::'], env: { BBS_MAX_PER_ADDRESS: '2' } });
  const held: Socket[] = [];
  try {
    assert.match(board.output(), /listening telnet :::\d+/);
    const { telnet, http } = board.ports;
    // Two places for ::1, taken on two ports.
    held.push(await dialFrom(telnet!, '::1', { host: '::1' }));
    held.push(await dialFrom(http!, '::1', { host: '::1' }));
    await sleep(200);
    assert.match(await readToEnd(await dialFrom(telnet!, '::1', { host: '::1' })), TOO_MANY);
    const page = await dialFrom(http!, '::1', { host: '::1' });
    page.write('GET /healthz HTTP/1.1\r\nHost: board\r\n\r\n');
    assert.match(await readToEnd(page), TOO_MANY);

    // An IPv4 caller reaches the dual-stack socket as ::ffff:127.0.0.1 and is counted as 127.0.0.1, apart from ::1.
    const v4 = await dialFrom(telnet!, '127.0.0.1');
    held.push(v4);
    const greeting = await new Promise<string>((resolve) => {
      let seen = '';
      v4.on('data', (d: Buffer) => {
        seen += d.toString('latin1');
        if (seen.includes("Who's calling?")) resolve(seen);
      });
      setTimeout(() => resolve(seen), 5000);
    });
    assert.match(greeting, /Who's calling\?/);
    assert.match(board.output(), /refused a connection from ::\/64/);
  } finally {
    for (const s of held) s.destroy();
    await board.stop();
  }
});
