import { BENCH_PASSWORD, callerName } from '../lib/accounts.js';
import { callerAddress } from '../lib/loopback.js';
import { sleep } from '../lib/stats.js';
import { TelnetCaller } from '../../test/callers/telnet.js';
import type { TaskContext } from './index.js';
import { MENU_PROMPT } from '../../test/callers/log-in.js';
import { pool } from './pace.js';

export interface ChatParams {
  port: number;
  accounts: number[];
  /** Each caller says a line this often (the room allows an account 5 lines in 5 s). */
  intervalMs: number;
  durationMs: number;
}

export interface ChatResult {
  inRoom: number;
  /** Password sent to "go on?": the hash, and the password guard's turn asked of the gateway. */
  loginMs: number[];
  /** Callers by the node the main menu names. */
  nodes: Record<string, number>;
  latencies: number[];
  errors: string[];
}

export interface InRoom {
  c: TelnetCaller;
  name: string;
  account: number;
}

/**
 * Callers logged in (each from its own address) and in the chat room, each
 * saying a line once per interval: the time from Enter to the caller's own
 * line coming back from the room ("12:00 Caller7: ...", as everyone sees it)
 * is one chat line's trip, the board's throttle questions included.
 */
/**
 * Each account logged in (from its own address) and, the first `inRoom` of
 * them (all by default), in the chat room; the rest wait at the main menu.
 * Those that could not are counted in `fail`; `room` lists the ones in the room.
 */
export async function enterRoom(
  port: number,
  accounts: readonly number[],
  fail: (err: unknown) => void,
  make: (opts: ConstructorParameters<typeof TelnetCaller>[0]) => TelnetCaller = (opts) => new TelnetCaller(opts),
  inRoom = accounts.length,
): Promise<{ room: InRoom[]; loginMs: number[]; nodes: Record<string, number>; atMenu: TelnetCaller[] }> {
  const atMenu: TelnetCaller[] = [];
  const room: InRoom[] = [];
  const loginMs: number[] = [];
  const nodes: Record<string, number> = {};
  await pool(accounts.length, 20, async (i) => {
    const account = accounts[i]!;
    const name = callerName(account);
    const c = make({ port, negotiate: true, localAddress: callerAddress(account) });
    try {
      await c.until("Who's calling?", 120_000);
      c.send(name);
      await c.until('Password:', 30_000);
      const sent = performance.now();
      c.send(BENCH_PASSWORD);
      await c.until('go on?', 120_000);
      loginMs.push(performance.now() - sent);
      c.socket.write('y');
      const menu = await c.until(MENU_PROMPT, 30_000);
      const node = [...menu.matchAll(/node (\d+)/g)].pop()?.[1] ?? '?';
      nodes[node] = (nodes[node] ?? 0) + 1;
      if (i >= inRoom) {
        atMenu.push(c);
        return;
      }
      c.socket.write('C');
      await c.until(`[${name}]`, 30_000);
      room.push({ c, name, account });
    } catch (err) {
      fail(err);
      c.close();
    }
  });
  return { room, loginMs, nodes, atMenu };
}

export async function chatLines(p: ChatParams, ctx: TaskContext): Promise<ChatResult> {
  const errors: string[] = [];
  const fail = (err: unknown): void => {
    if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
  };
  const { room, loginMs, nodes } = await enterRoom(p.port, p.accounts, fail);
  ctx.ready({ inRoom: room.length });
  await ctx.go();
  const latencies: number[] = [];
  const end = performance.now() + p.durationMs;
  await Promise.all(
    room.map(async ({ c, name, account }) => {
      await sleep(Math.random() * p.intervalMs);
      for (let i = 0; performance.now() < end; i++) {
        const token = `t${account}x${i}`;
        const sent = performance.now();
        c.send(token);
        try {
          await c.until(`${name}: ${token}`, 10_000);
          latencies.push(performance.now() - sent);
        } catch (err) {
          fail(err);
          return;
        }
        await sleep(Math.max(0, sent + p.intervalMs - performance.now()));
      }
    }),
  );
  for (const { c } of room) c.close();
  return { inRoom: room.length, loginMs, nodes, latencies, errors };
}
