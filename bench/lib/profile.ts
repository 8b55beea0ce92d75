import { readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchedBoard } from './measured-board.js';
import { sleep } from './stats.js';

/** Ask the board (started with --heapsnapshot-signal=SIGUSR2 and --diagnostic-dir) for a heap snapshot; resolves with its path. */
export async function takeHeapSnapshot(board: LaunchedBoard, dir: string, label: string): Promise<string> {
  const before = new Set(readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')));
  board.child.kill('SIGUSR2');
  const deadline = Date.now() + 120_000;
  for (;;) {
    const fresh = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (fresh) {
      // Written in one go while the board is paused: done when the size stops changing.
      let size = -1;
      let steady = 0;
      while (steady < 4) {
        await sleep(500);
        const now = statSync(join(dir, fresh)).size;
        steady = now > 0 && now === size ? steady + 1 : 0;
        size = now;
      }
      const named = join(dir, `${label}.heapsnapshot`);
      renameSync(join(dir, fresh), named);
      return named;
    }
    if (Date.now() > deadline) throw new Error('no heap snapshot');
    await sleep(200);
  }
}

export interface HeapRow {
  name: string;
  count: number;
  kib: number;
}

/** Self size by constructor (or node type for strings, code, arrays): what the memory is made of. */
export function heapSummary(path: string, top = 15): HeapRow[] {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const rows = new Map<string, HeapRow>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const name = type === 'object' || type === 'closure' ? `${snap.strings[snap.nodes[i + nameAt]!]} (${type})` : `(${type})`;
    const row = rows.get(name) ?? { name, count: 0, kib: 0 };
    row.count++;
    row.kib += snap.nodes[i + sizeAt]! / 1024;
    rows.set(name, row);
  }
  return [...rows.values()]
    .sort((a, b) => b.kib - a.kib)
    .slice(0, top)
    .map((r) => ({ ...r, kib: Math.round(r.kib) }));
}

export interface CpuRow {
  fn: string;
  selfMs: number;
  totalMs: number;
}

/** The functions that took the time in a --cpu-prof profile: self and inclusive, idle left out. */
export function cpuSummary(dir: string, top = 15): CpuRow[] {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return [];
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const spent = new Map<number, number>();
  prof.samples.forEach((s, i) => spent.set(s, (spent.get(s) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const label = (n: Node): string => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(src|dist|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of spent) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!);
      if (!seen.has(l)) total.set(l, (total.get(l) ?? 0) + us);
      seen.add(l);
    }
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, us]) => ({ fn, selfMs: Math.round(us / 1000), totalMs: Math.round((total.get(fn) ?? 0) / 1000) }));
}
