import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { TelnetCaller } from '../callers/telnet.js';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { dialFrom, flood, openFds, watchFds } from '../helpers/port-flood.js';
import { until } from '../helpers/until.js';

const FLOOD = 3000;

test('a flood of refused connections from one address holds few descriptors and writes few log lines, and another address still gets in', { timeout: 90_000 }, async (t) => {
  const board = await startBoardProcess({ env: { BBS_MAX_PER_ADDRESS: '8' } });
  const pid = board.child.pid!;
  const ports = [board.ports.telnet!, board.ports.ssh!, board.ports.http!, board.ports.tcpjson!];
  const held: Socket[] = [];
  let attack: Socket[] = [];
  try {
    // The address's eight places are taken, so everything after is refused.
    for (let i = 0; i < 8; i++) held.push(await dialFrom(board.ports.telnet!, '127.0.0.1'));
    await sleep(300);
    const baseline = openFds(pid);
    const logBefore = board.output().split('\n').length;

    const fds = watchFds(pid);
    const started = performance.now();
    const flooding = flood(ports, '127.0.0.1', FLOOD);
    // Half-way through, a caller from another address dials in and reaches the board.
    await sleep(300);
    const caller = await TelnetCaller.dial({ port: board.ports.telnet!, negotiate: true, localAddress: '127.0.0.2' });
    await caller.until("Who's calling?", 5000);
    attack = await flooding;
    const seconds = (performance.now() - started) / 1000;
    // Past the refusal grace, every refused socket must be gone.
    await sleep(600);
    const peak = fds.stop();
    const after = openFds(pid);

    const logLines = board
      .output()
      .split('\n')
      .slice(logBefore)
      .filter((l) => /refused/.test(l));
    const rate = Math.round(FLOOD / seconds);
    t.diagnostic(`${rate} connections/s; peak ${peak - baseline} descriptors over the baseline, ${after - baseline} after; ${logLines.length} refusal lines`);
    assert.ok(peak - baseline < 400, `the flood (${rate} connections/s) held ${peak - baseline} descriptors at its peak`);
    assert.ok(after - baseline < 20, `${after - baseline} descriptors were still held after the flood`);
    assert.ok(logLines.length <= 12, `the flood wrote ${logLines.length} refusal lines:\n${logLines.slice(0, 5).join('\n')}`);
    assert.ok(
      logLines.some((l) => l.includes('refused a connection from 127.0.0.1') && l.includes('Too many connections')),
      'the first refusal is logged with its reason',
    );

    // The caller who got in is still served, and the board is up.
    caller.send('');
    await caller.until("Who's calling?", 5000);
    caller.close();
    assert.equal(board.child.exitCode, null);
  } finally {
    for (const s of [...held, ...attack]) s.destroy();
    await board.stop();
  }
});

test('refusals from one address are summed into one line per interval', { timeout: 60_000 }, async () => {
  const board = await startBoardProcess({ env: { BBS_MAX_PER_ADDRESS: '1' } });
  const held = await dialFrom(board.ports.telnet!, '127.0.0.1');
  let attack: Socket[] = [];
  try {
    attack = await flood([board.ports.telnet!], '127.0.0.1', 200, 20);
    // The summary is written when the ten-second interval ends.
    await until('the summed refusal line', () => /refused \d+ connections from 127\.0\.0\.1 in the last 10 s/.test(board.output()), 15_000, 200);
    const lines = board
      .output()
      .split('\n')
      .filter((l) => l.includes('refused'));
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0]!, /refused a connection from 127\.0\.0\.1/);
    const summed = /refused (\d+) connections from 127\.0\.0\.1 in the last 10 s/.exec(lines[1]!);
    assert.ok(summed, lines[1]);
    assert.ok(Number(summed[1]) >= 150, `${summed[1]} refusals summed`);
  } finally {
    held.destroy();
    for (const s of attack) s.destroy();
    await board.stop();
  }
});
