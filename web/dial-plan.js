// Reading the phone book: which nodes have a free line and where their
// WebSocket answers. Like the seed's plan, try the free ones in random order
// so callers spread over the nodes.

/**
 * @returns {{ kind: 'dial', candidates: Array<{ node: number, url: string, number: string, free: number }> }
 *   | { kind: 'busy', number: string, nodes: number, lines: number }
 *   | { kind: 'no-dialtone' }}
 */
export function planDial(directory, pageUrl, random = Math.random) {
  const nodes = Array.isArray(directory?.nodes) ? directory.nodes : [];
  const reachable = [];
  for (const node of nodes) {
    const entry = Array.isArray(node?.transports) ? node.transports.find((t) => t?.transport === 'websocket') : undefined;
    const url = entry && webSocketUrl(entry, pageUrl);
    if (url) reachable.push({ node: Number(node.node), url, number: new URL(url).host, free: Number(node.lines?.free) || 0, total: Number(node.lines?.total) || 0 });
  }
  if (reachable.length === 0) return { kind: 'no-dialtone' };
  const free = reachable.filter((n) => n.free > 0);
  if (free.length === 0) return { kind: 'busy', number: reachable[0].number, nodes: reachable.length, lines: reachable.reduce((sum, n) => sum + n.total, 0) };
  for (let i = free.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [free[i], free[j]] = [free[j], free[i]];
  }
  return { kind: 'dial', candidates: free.map(({ node, url, number, free: f }) => ({ node, url, number, free: f })) };
}

/** A path is relative to the page (same host, same scheme family); a full ws: or wss: URL is used as given. */
export function webSocketUrl(entry, pageUrl) {
  try {
    const page = new URL(pageUrl);
    const target = entry.url
      ? new URL(entry.url, page)
      : new URL(`//${entry.host}:${entry.port}/ws`, page);
    if (target.protocol === 'http:') target.protocol = 'ws:';
    else if (target.protocol === 'https:') target.protocol = 'wss:';
    if (target.protocol !== 'ws:' && target.protocol !== 'wss:') return undefined;
    return target.href;
  } catch {
    return undefined;
  }
}
