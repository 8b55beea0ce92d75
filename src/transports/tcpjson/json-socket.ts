import type { Socket } from 'node:net';
import type { Exchange } from '../../session/caller.js';
import { DEFAULT_TERMINAL, type OutputEvent } from '../../session/events.js';
import type { Logger } from '../../logger.js';
import { CallLine } from '../call-line.js';
import { corkForTick } from '../cork-for-tick.js';
import { encodeReply, FrameDecoder, policyReply, type FrameError, type Reply } from './frame-codec.js';

export interface JsonSocketOptions {
  exchange: Exchange;
  log: Logger;
  /** Frames whose path starts with this are the board's (Mongrel2 routed by prefix). */
  route: string;
  /** How long a new connection may take to send its first frame. */
  firstFrameTimeoutMs?: number;
  /** How long to keep reading (and discarding) after the goodbye, so it is not lost to a reset. */
  lingerMs?: number;
  /** Output queued for a caller who does not read, past which they are dropped. */
  maxBufferedBytes?: number;
}

const ERROR_TEXT: Record<FrameError | 'no-route' | 'bad-message' | 'silent', string> = {
  'too-large': 'Request refused: a frame is limited to 4096 bytes.',
  'not-a-frame': "Request refused: this port speaks Mongrel2 JSON sockets ('@path {json}\\0').",
  'bad-path': 'Request refused: malformed path (expected @path followed by one space).',
  'bad-utf8': 'Request refused: the frame is not valid UTF-8.',
  'not-json': 'Request refused: the body is not valid JSON.',
  'not-an-object': 'Request refused: the body must be a JSON object.',
  'no-route': 'Request refused: no board answers at that path.',
  'bad-message': 'Request refused: expected {"type":"msg","msg":"..."} or {"type":"ping"}.',
  silent: 'No request received; hanging up.',
};

/**
 * One JSON-socket caller. The first frame opens the call (whatever it says:
 * the original client sends "connect"), every later msg frame is a line,
 * pings are swallowed. Every call the board ends, it ends with an `exit`
 * reply, because the original client spins forever on a bare close.
 */
export function serveJsonSocket(socket: Socket, initial: Buffer | null, opts: JsonSocketOptions): void {
  const log = opts.log;
  const remote = socket.remoteAddress ?? 'unknown';
  const decoder = new FrameDecoder();
  const maxBuffered = opts.maxBufferedBytes ?? 1024 * 1024;

  const write = (reply: Reply): void => {
    if (socket.destroyed || socket.writableEnded) return;
    corkForTick(socket);
    socket.write(encodeReply(reply));
    line.room(socket.writableLength, 0, maxBuffered);
  };

  const line = new CallLine({
    exchange: opts.exchange,
    log,
    name: 'json-socket',
    remote,
    // After the goodbye the socket is half-closed and drained this long, so the reply is not lost to a reset.
    graceMs: opts.lingerMs ?? 2000,
    wire: {
      render: (ev: OutputEvent) => {
        if (ev.type === 'screen') write({ type: 'screen', msg: ev.text });
        else if (ev.type === 'prompt') write(ev.mode === 'line' ? { type: 'prompt', msg: ev.text, pchar: ev.pchar } : { type: 'prompt', msg: ev.text, pchar: ev.pchar, mode: ev.mode });
        else if (ev.type === 'exit') write({ type: 'exit', msg: ev.text });
      },
      finish: () => {
        clearTimeout(firstFrameTimer);
        if (!socket.destroyed) socket.end();
      },
      cut: () => socket.destroy(),
    },
  });

  const firstFrameTimer = setTimeout(() => refuse('silent'), opts.firstFrameTimeoutMs ?? 30_000);

  const refuse = (why: keyof typeof ERROR_TEXT): void => {
    if (!line.open) return;
    log.warn('json-socket request refused', { remote, why });
    write({ type: 'exit', msg: ERROR_TEXT[why] });
    line.end('refused');
    line.hangUp('refused');
  };

  const onData = (chunk: Buffer): void => {
    if (!line.open) return;
    for (const frame of decoder.push(chunk)) {
      if (frame.kind === 'error') return refuse(frame.error);
      if (frame.kind === 'policy') {
        socket.write(policyReply());
        return line.end('goodbye');
      }
      const target = routeTarget(frame.path, opts.route);
      if (!target) return refuse('no-route');
      const { type, msg } = frame.body;
      if (type === 'ping') continue;
      if (type !== 'msg' || typeof msg !== 'string') return refuse('bad-message');
      if (!line.placed) {
        clearTimeout(firstFrameTimer);
        const call = line.place({ transport: 'tcpjson', remote, terminal: { ...DEFAULT_TERMINAL }, node: target.node });
        if (call) log.info('json-socket call placed', { remote, call: call.id, route: frame.path });
      } else {
        line.input({ type: 'line', text: msg });
      }
      if (!line.open) return;
    }
  };

  socket.setNoDelay(true);
  socket.on('data', onData);
  socket.on('error', (err) => log.debug('json-socket error', { remote, err: err.message }));
  socket.on('close', () => {
    clearTimeout(firstFrameTimer);
    line.closed();
  });
  if (initial?.length) onData(initial);
}

/**
 * The board answers at its route (`@bbs`: any node with a free line) and at
 * one "phone number" per node (`@bbs.2`: only node 2), as the seed proposed.
 */
export function routeTarget(path: string, route: string): { node?: number } | null {
  if (path === route) return {};
  const m = /^\.(\d{1,4})$/.exec(path.slice(route.length));
  return path.startsWith(route) && m ? { node: Number(m[1]) } : null;
}
