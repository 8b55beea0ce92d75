/**
 * The board's "phone book": every node with its free lines and the addresses
 * that reach it, so a dialer can pick a node with a free line (the seed's
 * answer to scaling coroutine sessions).
 */

interface DirectoryLines {
  total: number;
  inUse: number;
  free: number;
}

interface DirectoryTransport {
  transport: string;
  host: string;
  port: number;
  /** Where to dial; a path (`/ws`) is relative to the page that read the directory. */
  url?: string;
}

interface DirectoryNode {
  node: number;
  /** On a board of several hosts: the host the node runs on. */
  host?: string;
  lines: DirectoryLines;
  transports: DirectoryTransport[];
}

export interface DirectoryInfo {
  board: string;
  nodes: DirectoryNode[];
}

/** What one node reports about itself. */
interface NodeListing {
  node: number;
  host?: string;
  lines: { total: number; inUse: number };
  /** Listening sockets reaching this node; the shape of a RunningListener is enough. */
  listeners: ReadonlyArray<{ transport: string; address: { address: string; port: number } }>;
  /** Extra dialable entries, e.g. the WebSocket path served on the HTTP port. */
  extra?: ReadonlyArray<DirectoryTransport>;
}

export function buildDirectory(input: {
  board: string;
  nodes: ReadonlyArray<NodeListing>;
  /** Name callers should use for this machine; a wildcard bind address is no phone number. */
  publicHost?: string;
}): DirectoryInfo {
  return {
    board: input.board,
    nodes: input.nodes.map((n) => {
      const total = nonNegativeInt(n.lines.total);
      const inUse = Math.min(nonNegativeInt(n.lines.inUse), total);
      return {
        node: n.node,
        ...(n.host === undefined ? {} : { host: n.host }),
        lines: { total, inUse, free: total - inUse },
        transports: [
          ...n.listeners.map((l) => ({
            transport: l.transport,
            host: dialHost(l.address.address, input.publicHost),
            port: l.address.port,
          })),
          ...(n.extra ?? []).map((e) => ({ ...e })),
        ],
      };
    }),
  };
}

/**
 * Where a WebSocket lives on an HTTP listener, as a directory entry. With a
 * node, the URL is that node's own number (`/ws?node=2`): only it answers.
 */
export function webSocketEntry(
  http: { address: { address: string; port: number } },
  path = '/ws',
  opts: { node?: number; publicHost?: string } = {},
): DirectoryTransport {
  const url = opts.node === undefined ? path : `${path}?node=${opts.node}`;
  return { transport: 'websocket', host: dialHost(http.address.address, opts.publicHost), port: http.address.port, url };
}

/** A node as the gateway sees it, as much as the phone book needs. */
interface NodeState {
  node: number;
  lines: number;
  inUse: number;
  up: boolean;
  draining?: boolean;
}

type Listening = NodeListing['listeners'][number];

/**
 * The board's phone book: every node, its free lines (none while it is down),
 * and the numbers that reach it, with the seed's per-node numbers: `@ROUTE.N`
 * on every port that takes the JSON socket, and the WebSocket's `?node=N`.
 */
export function boardDirectory(input: {
  board: string;
  nodes: ReadonlyArray<NodeState>;
  listeners: ReadonlyArray<Listening>;
  /** The JSON socket's board route (`@bbs`). */
  jsonRoute: string;
  /** Where the HTTP port serves the WebSocket; null without one. */
  wsPath: string | null;
  /** On a board of several hosts: the host these nodes run on, and the name callers reach it by. */
  host?: string;
  publicHost?: string;
}): DirectoryInfo {
  const { listeners, jsonRoute, wsPath, publicHost } = input;
  return buildDirectory({
    board: input.board,
    publicHost,
    nodes: input.nodes.map((n) => ({
      node: n.node,
      ...(input.host === undefined ? {} : { host: input.host }),
      lines: { total: n.up ? n.lines : 0, inUse: n.inUse },
      listeners,
      extra: listeners.flatMap((l) => [
        ...(l.transport === 'tcpjson' || l.transport === 'http'
          ? [{ transport: 'jsonsocket', host: dialHost(l.address.address, publicHost), port: l.address.port, url: `${jsonRoute}.${n.node}` }]
          : []),
        ...(l.transport === 'http' && wsPath ? [webSocketEntry(l, wsPath, { node: n.node, publicHost })] : []),
      ]),
    })),
  });
}

/** Another host of the board as its heartbeat lists it: its nodes, and the name and ports that reach it. */
interface ListedHost {
  host: string;
  nodes: ReadonlyArray<NodeState>;
  listing: { name: string; ports: ReadonlyArray<{ transport: string; port: number }>; wsPath: string | null } | null;
}

/**
 * The phone book of a board on several hosts: this host's nodes and every
 * live host's, by node number, each marked with its host and dialled at
 * that host's own name and ports. A host not listening yet (no listing) is
 * left out until it is; a host that died left the list with its heartbeat.
 */
export function hostsDirectory(input: {
  board: string;
  jsonRoute: string;
  here: { host: string; name: string; nodes: ReadonlyArray<NodeState>; listeners: ReadonlyArray<Listening>; wsPath: string | null };
  others: ReadonlyArray<ListedHost>;
}): DirectoryInfo {
  const { board, jsonRoute, here } = input;
  const ours = boardDirectory({ board, jsonRoute, nodes: here.nodes.map((n) => ({ ...n, up: n.up && !n.draining })), listeners: here.listeners, wsPath: here.wsPath, host: here.host, publicHost: here.name });
  const theirs = input.others.flatMap((o) => {
    if (!o.listing) return [];
    const { name, wsPath } = o.listing;
    const listeners = o.listing.ports.map((p) => ({ transport: p.transport, address: { address: name, port: p.port } }));
    // Their free lines as they count them: a draining node takes nobody, like a down one.
    const nodes = o.nodes.map((n) => ({ ...n, up: n.up && !n.draining }));
    return boardDirectory({ board, jsonRoute, nodes, listeners, wsPath, host: o.host, publicHost: name }).nodes;
  });
  return { board, nodes: [...ours.nodes, ...theirs].sort((a, b) => a.node - b.node) };
}

function dialHost(bound: string, publicHost: string | undefined): string {
  if (publicHost) return publicHost;
  if (bound === '0.0.0.0' || bound === '::' || bound === '') return 'localhost';
  return bound;
}

function nonNegativeInt(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
