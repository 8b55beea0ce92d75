import { SshCaller } from '../../test/callers/ssh.js';
import type { TaskContext } from './index.js';

export interface SshParams {
  port: number;
  username: string;
  privateKey?: string;
  /** What the server shows first; the session counts once it is on screen. */
  prompt: string;
  concurrency: number;
  durationMs: number;
}

/** New SSH sessions back to back, `concurrency` at a time: connect, key exchange, auth, pty, shell, first prompt, hang up. */
export async function sshSessions(p: SshParams, ctx: TaskContext): Promise<{ sessions: number; latencies: number[]; errors: string[] }> {
  ctx.ready();
  await ctx.go();
  const latencies: number[] = [];
  const errors: string[] = [];
  const end = performance.now() + p.durationMs;
  await Promise.all(
    Array.from({ length: p.concurrency }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        let caller: SshCaller | undefined;
        try {
          caller = await SshCaller.dial({ port: p.port, username: p.username, ...(p.privateKey ? { privateKey: p.privateKey } : {}) });
          await caller.until(p.prompt, 10_000);
          latencies.push(performance.now() - started);
        } catch (err) {
          if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
        } finally {
          caller?.close();
        }
      }
    }),
  );
  return { sessions: latencies.length, latencies, errors };
}
