import { readdirSync, readFileSync } from 'node:fs';

/**
 * A door runs as its own session and process group (the pseudo-terminal's
 * child calls setsid, so both ids are its pid). Ending a door means ending
 * every process of that session, also the ones it left behind in the
 * background or moved to a group of their own (a shell's jobs), or they
 * live on as orphans holding the door's files and terminal.
 */

/**
 * Pids of the processes still running in the session or process group
 * `id`. Zombies do not count: they run nothing, and in a container whose
 * first process does not reap orphans they never leave the table.
 */
export function liveMembers(id: number): number[] {
  const found: number[] = [];
  for (const name of listProc()) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(name);
    if (!stat) continue;
    // After the command name in parentheses: state, ppid, pgrp, session.
    const [state, , pgrp, session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z' && (Number(pgrp) === id || Number(session) === id)) found.push(Number(name));
  }
  return found;
}

/** Send `signal` to the group and to every live member of the session; the number of members signalled. Never throws. */
export function signalSession(id: number, signal: NodeJS.Signals): number {
  quietKill(-id, signal);
  const members = liveMembers(id);
  for (const pid of members) quietKill(pid, signal);
  return members.length;
}

function quietKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: it ended meanwhile. EPERM cannot happen: every member runs as the board's user.
  }
}

function listProc(): string[] {
  try {
    return readdirSync('/proc');
  } catch {
    return [];
  }
}

function readStat(pid: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    // The process ended while the folder was read.
    return null;
  }
}
