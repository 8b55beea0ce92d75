import { readdirSync } from 'node:fs';

/** Descriptors the process holds open now (sockets, files, pipes), from /proc. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Samples the process's descriptors every few milliseconds until stopped; `stop` returns the peak. */
export function watchFds(pid: number, everyMs = 10): { stop(): number } {
  let peak = openFds(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, openFds(pid));
    } catch {
      // The process is gone; whoever watches it will say so.
    }
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
