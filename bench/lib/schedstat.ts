import { readFileSync } from 'node:fs';

/**
 * How long a process's main thread (the board's event loop) has so far
 * waited, runnable, for a core: the second field of /proc/PID/schedstat,
 * in nanoseconds. On a machine whose cores are all busy, a key that arrives
 * while the loop waits is answered late however little work it needs;
 * this tells that apart from the board's own slowness.
 */
export function runQueueWaitMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ');
  return Number(fields[1]) / 1e6;
}
