import { connect, type Socket } from 'node:net';
import type { TaskContext } from './index.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FloodParams {
  /** The board's ports, dialled in turn. Callers speak first only on `speakFirst` (the HTTP port answers a request). */
  ports: number[];
  speakFirst: number[];
  /** The one address the whole flood comes from. */
  localAddress: string;
  /** Connections opened first and held, to fill the address's places, on `ports[0]`. */
  hold: number;
  count: number;
  /** Connects in flight at once: as fast as one process opens them. */
  parallel: number;
  /** How long, after the last connect, sockets may take to be answered or cut. */
  settleMs: number;
}

export interface FloodResult {
  held: number;
  /** Connects per second over the flood. */
  rate: number;
  floodMs: number;
  /** connect() to the first byte of the refusal, for each refused socket that was told why. */
  latencies: number[];
  /** Refused sockets cut with nothing said (past the refusals in flight). */
  unanswered: number;
  /** Connects the kernel refused or reset before they opened (a full accept queue). */
  notOpened: number;
  /** Still open from the board's side when the flood settled. */
  stillOpen: number;
}

const REQUEST = 'GET / HTTP/1.1\r\nHost: bench\r\n\r\n';

/**
 * One address flooding the board past its per-address cap, as an attacker
 * would: connects opened as fast as `parallel` in flight allow, none of them
 * ever closed from this side (half-open), so every refused socket is held by
 * the board until it cuts it. Each socket's time from connect() to the
 * refusal's first byte is kept.
 */
export async function refusalFlood(p: FloodParams, ctx: TaskContext): Promise<FloodResult> {
  const held: Socket[] = [];
  for (let i = 0; i < p.hold; i++) held.push(await open(p.ports[0]!, p.localAddress));
  ctx.ready({ held: held.length });
  await ctx.go();

  const latencies: number[] = [];
  const sockets: Socket[] = [];
  const settled: Promise<void>[] = [];
  let pending = 0;
  let unanswered = 0;
  let notOpened = 0;
  let next = 0;
  const started = performance.now();
  const one = async (port: number): Promise<void> => {
    const t0 = performance.now();
    const s = connect({ port, host: '127.0.0.1', localAddress: p.localAddress, allowHalfOpen: true });
    sockets.push(s);
    pending++;
    let opened = false;
    let answered = false;
    s.on('data', () => {
      if (answered) return;
      answered = true;
      latencies.push(performance.now() - t0);
    });
    settled.push(
      new Promise<void>((resolve) => {
        // The board's FIN ends it from the board's side, though this side never closes; a cut or a refused connect closes it.
        s.once('end', resolve);
        s.once('close', resolve);
      }).then(() => {
        pending--;
        if (!opened) notOpened++;
        else if (!answered) unanswered++;
      }),
    );
    await new Promise<void>((resolve) => {
      s.once('connect', () => {
        opened = true;
        if (p.speakFirst.includes(port)) s.write(REQUEST);
        resolve();
      });
      s.on('error', () => resolve());
    });
  };
  await Promise.all(
    Array.from({ length: p.parallel }, async () => {
      while (next < p.count) await one(p.ports[next++ % p.ports.length]!);
    }),
  );
  const floodMs = performance.now() - started;
  await Promise.race([Promise.all(settled), sleep(p.settleMs)]);
  const stillOpen = pending;
  for (const s of [...sockets, ...held]) s.destroy();
  return { held: held.length, rate: Math.round(p.count / (floodMs / 1000)), floodMs, latencies, unanswered, notOpened, stillOpen };
}

function open(port: number, localAddress: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', localAddress });
    s.once('connect', () => {
      s.removeListener('error', reject);
      s.on('error', () => {});
      s.on('data', () => {});
      resolve(s);
    });
    s.once('error', reject);
  });
}
