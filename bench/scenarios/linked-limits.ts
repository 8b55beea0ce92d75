import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedAccounts } from '../lib/accounts.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { summarize } from '../lib/stats.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import type { ChatResult } from '../tasks/chat-lines.js';
import { loadBoard } from './common.js';

const NODES = 2;
/**
 * A busy room, not a flood: every line is shown to everyone in the room, so
 * 100 callers with a line every 4 s each make 25 lines and 2,500 screens a
 * second (the round-trip rows' 1,000 callers make 1,000), and no account comes
 * near the room's 5 lines in 5 s, so no line is held back.
 */
const FULL = { callers: 100, intervalMs: 4000, seconds: 20 };
const QUICK = { callers: 50, intervalMs: 2000, seconds: 6 };

/**
 * The board-wide password guard and throttle live in the gateway; a worker
 * node asks them over its link. Callers on two worker nodes log in (each
 * password turn asked of the gateway) and talk in the one chat room: every
 * line asks the throttle twice (the account's and the address's allowance)
 * before the room hears it, then travels the gateway's bus to both nodes.
 */
export async function linkedLimitsScenario(ctx: BenchContext): Promise<Measure[]> {
  const { callers, intervalMs, seconds } = ctx.quick ? QUICK : FULL;
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
  await seedAccounts(data, callers);
  const board = await loadBoard({ data, lines: 1000, args: ['--nodes', String(NODES)] });
  let results: ChatResult[];
  try {
    const pool = startWorkers(2, 'chat-lines', (i) => ({
      port: board.ports.telnet,
      accounts: Array.from({ length: callers / 2 }, (_, k) => 1 + i * (callers / 2) + k),
      intervalMs,
      durationMs: seconds * 1000,
    }));
    const ready = (await allReady(pool)) as { inRoom: number }[];
    ctx.log(`${ready.reduce((n, r) => n + r.inRoom, 0)} callers in the chat room`);
    for (const w of pool) w.go();
    results = await allResults<ChatResult>(pool);
  } finally {
    await board.stop();
  }
  const inRoom = results.reduce((n, r) => n + r.inRoom, 0);
  const lat = summarize(results.flatMap((r) => r.latencies));
  const logins = summarize(results.flatMap((r) => r.loginMs));
  const nodes: Record<string, number> = {};
  for (const r of results) for (const [node, n] of Object.entries(r.nodes)) nodes[node] = (nodes[node] ?? 0) + n;
  const errors = results.flatMap((r) => r.errors);
  const perSecond = lat.count / seconds;
  ctx.log(`chat over ${NODES} nodes: ${JSON.stringify(lat)}, nodes ${JSON.stringify(nodes)}`);
  return [
    {
      key: 'linked-chat',
      measure: `chat line from Enter to shown back, ${NODES} worker nodes asking the gateway's throttle over their links, ${inRoom} callers in the room`,
      target: 'p99 ≤ 20 ms',
      result: `p99 ${lat.p99} ms`,
      value: lat.p99,
      unit: 'ms',
      label: 'p99',
      goal: { max: 20 },
      met: lat.p99 <= 20 && inRoom === callers && errors.length === 0,
      detail:
        `\`--nodes ${NODES}\`; telnet callers, each from its own loopback address, logged in (callers by node: ${Object.entries(nodes)
          .sort()
          .map(([node, n]) => `node ${node} ${n}`)
          .join(', ')}) and in the chat room, each saying a line every ${intervalMs / 1000} s for ${seconds} s from 2 processes: ${lat.count} lines (${perSecond.toFixed(0)} a second, each shown to all ${inRoom}). ` +
        `A line asks the gateway's throttle twice over the node's link (the account's and the address's chat allowance) before the room hears it, then goes through the gateway's bus to both nodes: the time from Enter to the caller's own line coming back bounds the throttle's round trip from above. p50 ${lat.p50}, p90 ${lat.p90}, max ${lat.max} ms. ` +
        `Logging in, each password's turn is asked of the gateway's password guard over the link: password to "go on?" (scrypt included) p50 ${logins.p50}, p99 ${logins.p99} ms${errors.length ? `; ${errors[0]}` : ''}`,
      extra: { latency: lat, logins, nodes, linesPerSecond: perSecond },
    },
  ];
}
