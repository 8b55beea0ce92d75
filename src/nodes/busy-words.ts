import type { NodeStatus } from './gateway.js';

/** "1", "1 and 2", "1, 2 and 3". */
function listed(nums: number[]): string {
  return nums.length < 2 ? nums.join('') : `${nums.slice(0, -1).join(', ')} and ${nums.at(-1)!}`;
}

function nodesAre(nums: number[], state: string): string {
  return `node${nums.length === 1 ? '' : 's'} ${listed(nums)} ${nums.length === 1 ? 'is' : 'are'} ${state}`;
}

/**
 * What the busy signal says, counted from the nodes as they are: the lines
 * open to callers are the lines in use (a drained or downed node's free lines
 * are no use to anyone), and closed nodes are named rather than counted in.
 * `lines` is the number of open lines, `busy` the clause after the board name.
 */
export function busyWords(nodes: readonly NodeStatus[], wanted?: number): { lines: number; busy: string } {
  const scope = wanted === undefined ? nodes : nodes.filter((n) => n.node === wanted);
  const open = scope.filter((n) => n.up && !n.draining);
  const lines = open.reduce((sum, n) => sum + n.lines, 0);
  const draining = scope.filter((n) => n.draining).map((n) => n.node);
  const down = scope.filter((n) => !n.up && !n.draining).map((n) => n.node);
  const closed = [...(draining.length ? [nodesAre(draining, 'closed for maintenance')] : []), ...(down.length ? [nodesAre(down, 'down')] : [])];
  const where = wanted === undefined ? '' : ` of node ${wanted}`;
  const some = closed.length > 0 && wanted === undefined ? ' open' : '';
  let inUse: string;
  if (lines === 0) inUse = '';
  else if (lines === 1) inUse = `${closed.length || wanted !== undefined ? 'the one' : 'its one'}${some} line${where} is in use`;
  else if (lines === 2) inUse = `both${some} lines${where} are in use`;
  else inUse = `all ${lines}${some} lines${where} are in use`;
  const busy = inUse ? [`${inUse} right now`, ...closed].join(', and ') : `${closed.join(', and ') || 'no line is open'} right now`;
  return { lines, busy };
}
