import { busyWords } from './busy-words.js';
import type { NodeStatus } from './gateway.js';
import type { HostView } from './host-table.js';

/** Hosts named in one busy signal at most: a line to dial, not a phone book. */
const MAX_NAMED_HOSTS = 2;

const freeOf = (v: HostView): number => v.nodes.reduce((sum, n) => sum + (n.up && !n.draining ? Math.max(0, n.lines - n.inUse) : 0), 0);

/** "telnet b.example.org:2323, ssh b.example.org:22": how a caller reaches a host, from its listing. */
function numbersOf(v: HostView): string {
  const l = v.listing;
  if (!l) return '';
  const wanted = l.ports.filter((p) => p.transport === 'telnet' || p.transport === 'ssh' || p.transport === 'http');
  return wanted.map((p) => `${p.transport === 'http' ? 'web' : p.transport} ${l.name}:${p.port}`).join(', ');
}

function hostHas(v: HostView): string {
  const free = freeOf(v);
  const numbers = numbersOf(v);
  return `host ${v.host} has ${free} free line${free === 1 ? '' : 's'}${numbers ? ` (${numbers})` : ''}`;
}

/**
 * The busy signal on a board of several hosts. The lines counted are the
 * whole board's open lines; when this host is full but another has free
 * lines, the words say so and give that host's numbers (from its heartbeat's
 * listing), so the caller dials there instead of waiting. A caller who
 * dialled another host's node here is told whose node it is.
 */
export function busyOnBoard(here: readonly NodeStatus[], others: readonly HostView[], wanted?: number): { lines: number; busy: string } {
  if (others.length === 0) return busyWords(here, wanted);
  const board: NodeStatus[] = [...here, ...others.flatMap((v) => v.nodes.map((n) => ({ ...n, free: n.up && !n.draining ? n.lines - n.inUse : 0, pid: null, host: v.host })))];
  const lines = busyWords(board).lines;
  const owner = wanted === undefined || here.some((n) => n.node === wanted) ? undefined : others.find((v) => v.nodes.some((n) => n.node === wanted));
  if (owner) return { lines, busy: `node ${wanted} is on another host: ${hostHas(owner)}` };
  const open = others.filter((v) => freeOf(v) > 0).sort((a, b) => freeOf(b) - freeOf(a) || a.host.localeCompare(b.host));
  if (open.length === 0) return { lines, busy: busyWords(board, wanted).busy };
  const named = open.slice(0, MAX_NAMED_HOSTS).map(hostHas);
  return { lines, busy: `${busyWords(here, wanted).busy} on this host; ${named.join('; ')}` };
}
