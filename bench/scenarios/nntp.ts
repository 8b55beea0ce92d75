import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBoardStore } from '../../src/store/board-store.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { meetsGoal } from '../lib/measure.js';
import { summarize } from '../lib/stats.js';
import { loadBoard } from './common.js';

const ARTICLES = 10_000;
const ROUNDS = 20;

/**
 * A newsreader's first look at a big group: OVER of every article of one
 * area holding 10,000 messages (half of them replies, so References are
 * walked), timed from the command to the block's last byte on one loopback
 * connection, the same request again and again.
 */
export async function nntpScenario(ctx: BenchContext): Promise<Measure[]> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-nntp-'));
  await seedArticles(data);
  const board = await loadBoard({ data, args: ['--nntp-port', '0', '--name', 'Bench'] });
  const times: number[] = [];
  let bytes = 0;
  let cpuPerOver = NaN;
  try {
    const reader = await NewsReader.dial(board.ports.nntp!);
    try {
      await reader.ask('', /^200 .*\r\n/);
      const group = await reader.ask('GROUP bench.general\r\n', /^211 .*\r\n/);
      const [, count, low, high] = /^211 (\d+) (\d+) (\d+)/.exec(group)!;
      ctx.log(`${count} articles in bench.general`);
      const cpuBefore = board.cpuMs();
      for (let i = 0; i < ROUNDS; i++) {
        const started = performance.now();
        const block = await reader.ask(`OVER ${low}-${high}\r\n`, /\r\n\.\r\n$/);
        times.push(performance.now() - started);
        bytes = Buffer.byteLength(block);
      }
      cpuPerOver = (board.cpuMs() - cpuBefore) / ROUNDS;
    } finally {
      reader.close();
    }
  } finally {
    await board.stop();
    await rm(data, { recursive: true, force: true });
  }
  const lat = summarize(times);
  return [
    {
      key: 'nntp-over',
      measure: `OVER of ${ARTICLES.toLocaleString('en')} articles in one group`,
      target: '≤ 100 ms (p50)',
      result: `${lat.p50} ms`,
      value: lat.p50,
      unit: 'ms',
      label: 'p50',
      goal: { max: 100 },
      met: meetsGoal(lat.p50, { max: 100 }),
      extra: { latency: lat, cpuMsPerOver: cpuPerOver },
      detail: `one newsreader on loopback asking OVER for the whole group ${ROUNDS} times, from the command to the block's end (${(bytes / 1024).toFixed(0)} KiB each): p50 ${lat.p50}, p90 ${lat.p90}, max ${lat.max} ms; the board's CPU ${cpuPerOver.toFixed(1)} ms per OVER (steadier than the wall clock on a shared machine). Half the articles are replies, so each overview line carries its References`,
    },
  ];
}

/** The messages, written to the board's database before it starts: half new topics, half replies to an earlier message. */
async function seedArticles(data: string): Promise<void> {
  const store = await openBoardStore({ data, database: null });
  try {
    const made = await store.users.create('Sysop', 'bench-password');
    if (!made.ok) throw new Error('could not make the first account');
    const ids: number[] = [];
    const at = new Date();
    for (let i = 0; i < ARTICLES; i++) {
      const parentId = i % 2 === 1 ? ids[Math.floor(Math.random() * ids.length)]! : null;
      const body = `Article ${i}: ${'some words of a message '.repeat(8)}\nand a second line.`;
      const m = await store.publicMessages.postMessage({ authorId: made.user.id, body, at, subject: `Subject number ${i}`, ...(parentId ? { parentId } : { area: 'general' }) });
      ids.push(m.id);
    }
  } finally {
    await store.close();
  }
}

/** A newsreader's socket: send a command, read until the answer is complete. */
class NewsReader {
  private text = '';
  private waiting: { done: RegExp; resolve: (text: string) => void; reject: (err: Error) => void } | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.text += chunk;
      this.check();
    });
    socket.on('close', () => this.waiting?.reject(new Error('the board hung up')));
  }

  static dial(port: number): Promise<NewsReader> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', noDelay: true }, () => resolve(new NewsReader(socket)));
      socket.once('error', reject);
    });
  }

  ask(command: string, done: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting = { done, resolve, reject };
      if (command) this.socket.write(command);
      this.check();
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private check(): void {
    const w = this.waiting;
    if (!w || !w.done.test(this.text)) return;
    const text = this.text;
    this.text = '';
    this.waiting = null;
    w.resolve(text);
  }
}
