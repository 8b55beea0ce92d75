import { readdirSync, readFileSync } from 'node:fs';

/** Each live process's parent and program name, read from /proc. */
function processTable(): Map<number, { parent: number; name: string }> {
  const table = new Map<number, { parent: number; name: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The name sits in parentheses and may itself hold spaces or parentheses: take the outermost pair.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      table.set(Number(entry), { parent, name });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/**
 * Processes below any of `roots` (children, grandchildren ...) whose program
 * name passes `wanted`. Take them before a root is killed: an orphan is
 * re-parented and no longer found through it.
 */
export function descendantsWhere(roots: readonly number[], wanted: (name: string) => boolean): number[] {
  const table = processTable();
  const under = (pid: number): boolean => {
    // Bounded walk: a pid reused mid-read cannot loop it.
    for (let p = table.get(pid)?.parent, hops = 0; p !== undefined && p > 0 && hops < 64; p = table.get(p)?.parent, hops++) {
      if (roots.includes(p)) return true;
    }
    return false;
  };
  return [...table].filter(([pid, info]) => wanted(info.name) && under(pid)).map(([pid]) => pid);
}

/**
 * Processes below `root` whose program is `name`: a door's program may be
 * started by a wrapper, or by the board's gateway rather than the process a
 * test spawned.
 */
export function descendantsNamed(root: number, name: string): number[] {
  return descendantsWhere([root], (n) => n === name);
}

/** lrzsz's programs, by the names Debian installs them under (and the l-prefixed ones of other systems). */
export const isLrzsz = (name: string): boolean => /^l?(sz|rz|sx|rx|sb|rb)$/.test(name);
