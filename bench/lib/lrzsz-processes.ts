import { readdirSync, readFileSync } from 'node:fs';

const LRZSZ = /^(l?)(sz|rz|sx|rx|sb|rb)$/;

/** Every process's parent and command name, from /proc (processes that end while it is read are skipped). */
function processTable(): Map<number, { ppid: number; comm: string }> {
  const table = new Map<number, { ppid: number; comm: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      table.set(Number(name), { ppid, comm });
    } catch {
      // Gone already.
    }
  }
  return table;
}

/**
 * The lrzsz programs running below `roots` (the board, the load clients):
 * taken before those are killed, since an orphan is re-parented and no
 * longer found through them.
 */
export function lrzszBelow(roots: readonly number[]): number[] {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const seen = new Set<number>();
  const walk = (pid: number): void => {
    for (const c of children.get(pid) ?? []) {
      if (seen.has(c)) continue;
      seen.add(c);
      if (LRZSZ.test(table.get(c)!.comm)) found.push(c);
      walk(c);
    }
  };
  for (const r of roots) walk(r);
  return found;
}

/** SIGKILL each of `pids` that still runs. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Ended on its own.
    }
  }
}
