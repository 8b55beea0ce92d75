import { readFileSync } from 'node:fs';

/** What a running process uses, read from Linux's /proc: for tests of a board's footprint and the benchmark's figures alike. */

export function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on here. */
const TICK_MS = 10;

export function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at "state"; utime and stime are the 12th and 13th of those.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}
