import { chmod, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../logger.js';
import type { Gateway } from '../nodes/gateway.js';
import { toWire } from '../nodes/link-protocol.js';
import { MAX_CONTROL_LINE, parseControlRequest, type ControlAnswer, type ControlRequest, type ListeningPort } from './protocol.js';

interface ControlServer {
  close(): Promise<void>;
}

interface ControlServerOptions {
  path: string;
  /** What the sysop's commands reach: who is on, the nodes, draining one, and live events (broadcast, kick). */
  gateway: Pick<Gateway, 'boardRoster' | 'nodes' | 'boardNodes' | 'drain' | 'publish'>;
  log: Logger;
  /** The ports the board listens on, as bound. */
  ports: () => ListeningPort[];
  restartNode?: (node: number) => Promise<void>;
}

/** Serve the sysop's shell commands (`bbs who`, `bbs nodes`, `bbs broadcast`, `bbs health`) on a Unix socket. */
export async function startControlServer(opts: ControlServerOptions): Promise<ControlServer> {
  // A socket file left by a board that was killed would block the listen.
  await rm(opts.path, { force: true });
  const server: Server = createServer((socket) => serveRequest(socket, (r) => answer(r, opts)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(opts.path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        void rm(opts.path, { force: true });
      }),
  };
}

/** One request line in, one answer line out, then the connection ends; a client that says nothing in time is cut. */
function serveRequest(socket: Socket, answerOf: (r: ControlRequest) => Promise<ControlAnswer>): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.setTimeout(5000, () => socket.destroy());
  socket.on('error', () => {});
  const reply = (a: ControlAnswer): void => {
    if (!socket.destroyed) socket.end(JSON.stringify(a) + '\n');
  };
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > MAX_CONTROL_LINE) return reply({ ok: false, error: 'request too long' });
    const nl = buffer.indexOf('\n');
    if (nl === -1) return;
    const request = parseControlRequest(buffer.slice(0, nl));
    socket.pause();
    if (typeof request === 'string') return reply({ ok: false, error: request });
    answerOf(request).then(reply, (err: unknown) => reply({ ok: false, error: err instanceof Error ? err.message : String(err) }));
  });
}

/** Why a node cannot be drained or restarted from this host's shell: it is another host's, or nobody's. */
function notHere(g: ControlServerOptions['gateway'], node: number): string {
  const there = g.boardNodes().find((n) => n.node === node)?.host;
  return there === undefined ? `no node ${node}` : `node ${node} runs on host ${there}: drain or restart it from that host's shell`;
}

async function answer(r: ControlRequest, opts: ControlServerOptions): Promise<ControlAnswer> {
  const g = opts.gateway;
  switch (r.cmd) {
    case 'who':
      return { ok: true, callers: (await g.boardRoster()).map(toWire) };
    case 'nodes':
      return { ok: true, nodes: g.boardNodes() };
    case 'ports':
      return { ok: true, ports: opts.ports() };
    case 'drain':
      if (!g.drain(r.node, r.on)) return { ok: false, error: notHere(g, r.node) };
      return { ok: true, message: `node ${r.node} ${r.on ? 'is draining: no new callers' : 'takes callers again'}` };
    case 'restart':
      if (!g.nodes().some((n) => n.node === r.node)) return { ok: false, error: notHere(g, r.node) };
      if (!opts.restartNode) return { ok: false, error: 'nodes run inside the board process (--nodes 1); restart the board instead' };
      await opts.restartNode(r.node);
      return { ok: true, message: `node ${r.node} restarted; its callers were redialed` };
    case 'broadcast':
      g.publish({ kind: 'broadcast', from: r.from, text: r.text, at: Date.now() });
      opts.log.info('broadcast from the shell', { from: r.from });
      return { ok: true, message: `sent to ${(await g.boardRoster()).length} caller(s)` };
    case 'kick':
      g.publish({ kind: 'kick', sessionId: r.sessionId, by: r.by, at: Date.now() });
      return { ok: true, message: 'kicked' };
  }
}
