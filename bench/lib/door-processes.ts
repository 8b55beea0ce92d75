import { readdirSync, readFileSync } from 'node:fs';

/** What the doors of one board hold in memory, from /proc. */
export interface DoorProcesses {
  /** Door sessions: the board's children that lead a session of their own (each door's pseudo-terminal child). */
  doors: number;
  /** Every live process of those sessions (the door's wrapper shell, the program, what it started). */
  processes: number;
  /** Sum of their VmRSS: pages shared between them (libc, the shell's code) counted once per process. */
  rssBytes: number;
  /** Sum of their Pss: each shared page divided among the processes that map it. */
  pssBytes: number;
}

interface Proc {
  pid: number;
  ppid: number;
  session: number;
}

/**
 * The processes of every door a board runs: each door's program is spawned
 * by the board in a pseudo-terminal as a session leader, so the doors are
 * the board's children whose session is their own pid, and a door's
 * processes are the members of that session, however deep.
 */
export function doorProcesses(boardPid: number): DoorProcesses {
  const procs = listProcs();
  const leaders = new Set(procs.filter((p) => p.ppid === boardPid && p.session === p.pid).map((p) => p.pid));
  let processes = 0;
  let rssBytes = 0;
  let pssBytes = 0;
  for (const p of procs) {
    if (!leaders.has(p.session)) continue;
    const rss = statusKb(p.pid, 'VmRSS');
    // A process that ended in between, or a zombie (no VmRSS line): nothing resident.
    if (rss === null) continue;
    processes++;
    rssBytes += rss * 1024;
    pssBytes += (rollupKb(p.pid, 'Pss') ?? 0) * 1024;
  }
  return { doors: leaders.size, processes, rssBytes, pssBytes };
}

function listProcs(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    // After the command name in parentheses: state, ppid, pgrp, session.
    const [, ppid, , session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.push({ pid: Number(name), ppid: Number(ppid), session: Number(session) });
  }
  return out;
}

function statusKb(pid: number, field: string): number | null {
  return kbField(read(`/proc/${pid}/status`), field);
}

function rollupKb(pid: number, field: string): number | null {
  return kbField(read(`/proc/${pid}/smaps_rollup`), field);
}

function kbField(text: string | null, field: string): number | null {
  const kb = text === null ? undefined : new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1];
  return kb === undefined ? null : Number(kb);
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}
