import type { NodeStatus } from '../nodes/gateway.js';
import { fromWire } from '../nodes/link-protocol.js';
import { formatWho } from '../screens/who-table.js';
import { fitWidth } from '../screens/text-width.js';
import { runControlCommand } from '../control/client.js';

const DATA_OPTION = '  --data DIR    the data folder of the running board [./data]   env BBS_DATA\n  --help        show this help';

export const WHO_HELP = `Usage: bbs who [--data DIR]

List every caller on every node of the running board: node, line, name,
transport, what they are doing and for how long.

Options:
${DATA_OPTION}`;

export const NODES_HELP = `Usage: bbs nodes [list | drain N | undrain N | restart N] [--data DIR]

  list        every node: lines in use and free, draining or not, process id
  drain N     no new callers on node N; its callers finish normally
  undrain N   node N takes new callers again
  restart N   start node N afresh with the code now on disk; its callers are
              redialed onto it (or another node) and stay connected
              (only when the board runs worker nodes: bbs serve --nodes 2 or more)

Options:
${DATA_OPTION}`;

export const BROADCAST_HELP = `Usage: bbs broadcast TEXT [--data DIR]

Show one line to every caller online, on every node, wherever they are.

Options:
${DATA_OPTION}`;

export const who = (argv: string[]): Promise<number> =>
  runControlCommand(
    argv,
    WHO_HELP,
    (p) => (p.length ? `unexpected argument ${p[0]}` : { cmd: 'who' }),
    (a) => formatWho((a.callers ?? []).map(fromWire), new Date()).trimEnd(),
  );

export const nodes = (argv: string[]): Promise<number> =>
  runControlCommand(
    argv,
    NODES_HELP,
    (p) => {
      const [verb = 'list', arg] = p;
      if (verb === 'list') return { cmd: 'nodes' };
      const node = Number(arg);
      if (!Number.isInteger(node) || node < 1) return `${verb} needs a node number`;
      if (verb === 'drain' || verb === 'undrain') return { cmd: 'drain', node, on: verb === 'drain' };
      if (verb === 'restart') return { cmd: 'restart', node };
      return `unknown nodes command ${verb}`;
    },
    (a) => a.message ?? nodesTable(a.nodes ?? []),
  );

/** The nodes as a table; on a board of several hosts with a Host column first. */
function nodesTable(list: readonly NodeStatus[]): string {
  const hosts = list.some((n) => n.host !== undefined);
  const rows = list.map((n) => [
    ...(hosts ? [n.host ?? ''] : []),
    String(n.node),
    !n.up ? 'down' : n.draining ? 'draining' : 'up',
    String(n.lines),
    String(n.inUse),
    String(n.free),
    String(n.pid ?? ''),
  ]);
  return table([...(hosts ? ['Host'] : []), 'Node', 'State', 'Lines', 'In use', 'Free', 'PID'], [...(hosts ? [16] : []), 4, 9, 5, 6, 4, 8], rows);
}

export const broadcast = (argv: string[]): Promise<number> =>
  runControlCommand(
    argv,
    BROADCAST_HELP,
    (p) => (p.join(' ').trim() ? { cmd: 'broadcast', text: p.join(' '), from: 'sysop' } : 'broadcast needs the text to send'),
    (a) => a.message ?? '',
  );

function table(titles: string[], widths: number[], rows: string[][]): string {
  const line = (cells: string[]): string => cells.map((c, i) => fitWidth(c, widths[i]!)).join('  ').trimEnd();
  return [line(titles), ...rows.map(line)].join('\n');
}

