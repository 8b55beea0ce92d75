import { TelnetCaller } from '../../test/callers/telnet.js';
import { sleep } from '../lib/stats.js';
import { enterRoom } from './chat-lines.js';
import type { TaskContext } from './index.js';

export interface CrossChatParams {
  /** This worker's board (one host of the two). */
  port: number;
  accounts: number[];
  /** This host's name in the tokens (letters and digits), so the other host's listener knows a line crossed. */
  host: string;
  /** How many of this worker's callers speak, each a line per interval. */
  speakers: number;
  /** How many of this worker's callers are in the chat room (speakers and the listener among them); the rest wait at the main menu. */
  inRoom: number;
  intervalMs: number;
  durationMs: number;
}

export interface CrossChatResult {
  inRoom: number;
  /** Logged in on this host, in the room or at the main menu. */
  online: number;
  /** Milliseconds from a line's Enter on the other host to it arriving here. */
  heard: number[];
  said: number;
  errors: string[];
}

/** Wall time to the microsecond, the same in every process on the machine (unlike performance.now()). */
const wallMs = (): number => performance.timeOrigin + performance.now();

/** A caller whose incoming text is also handed to `hear`, chunk by chunk. */
class Listener extends TelnetCaller {
  hear: ((text: string) => void) | null = null;
  private readonly text = new TextDecoder();

  protected override received(bytes: Buffer): void {
    super.received(bytes);
    this.hear?.(this.text.decode(bytes, { stream: true }));
  }
}

/**
 * Callers of one host in the chat room while the other host's callers are
 * in it too: a few speak lines carrying the wall time they were sent, and
 * one listener takes the time each line of the OTHER host arrives: a chat
 * line's trip from a caller on one host to a caller on another, over the
 * bus between them.
 */
export async function crossChat(p: CrossChatParams, ctx: TaskContext): Promise<CrossChatResult> {
  const errors: string[] = [];
  const fail = (err: unknown): void => {
    if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
  };
  const { room, atMenu } = await enterRoom(p.port, p.accounts, fail, (opts) => new Listener({ ...opts, quiet: false }), p.inRoom);
  const heard: number[] = [];
  const listener = room[0]?.c as Listener | undefined;
  const token = new RegExp(`xx(?!${p.host}-)([a-z0-9]+)-(\\d+)-(\\d+)xx`, 'g');
  let carry = '';
  if (listener) {
    listener.hear = (text) => {
      const seen = carry + text;
      let after = 0;
      for (const m of seen.matchAll(token)) {
        heard.push(wallMs() - Number(m[3]) / 1000);
        after = m.index + m[0].length;
      }
      // A token cut between two chunks is looked for again with the next; one already counted is not.
      carry = seen.slice(Math.max(after, seen.length - 64));
    };
  }
  ctx.ready({ inRoom: room.length, atMenu: atMenu.length });
  await ctx.go();
  let said = 0;
  const end = performance.now() + p.durationMs;
  await Promise.all(
    room.slice(1, 1 + p.speakers).map(async ({ c }, n) => {
      await sleep(Math.random() * p.intervalMs);
      for (let i = 0; performance.now() < end; i++) {
        const started = performance.now();
        c.send(`xx${p.host}-${n}-${Math.round(wallMs() * 1000)}xx`);
        said++;
        await sleep(Math.max(0, started + p.intervalMs - performance.now()));
      }
    }),
  );
  // The last lines are on their way.
  await sleep(500);
  for (const { c } of room) c.close();
  for (const c of atMenu) c.close();
  return { inRoom: room.length, online: room.length + atMenu.length, heard, said, errors };
}
