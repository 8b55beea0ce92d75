import type { Socket } from 'node:net';
import type { Exchange } from '../../session/caller.js';
import { DEFAULT_TERMINAL, type OutputEvent } from '../../session/events.js';
import type { Logger } from '../../logger.js';
import { CallLine } from '../call-line.js';
import { corkForTick } from '../cork-for-tick.js';
import { encodeReply, FrameDecoder, policyReply, type DecodedFrame, type FrameError, type Reply } from './frame-codec.js';
import { promptParts } from './prompt-parts.js';

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

/** Least time between two status lines shown to a JSON-socket caller. */
const STATUS_EVERY_MS = 10_000;

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

  const write = (reply: Reply | null): void => {
    if (!reply || socket.destroyed || socket.writableEnded) return;
    corkForTick(socket);
    socket.write(encodeReply(reply));
    line.room(socket.writableLength, 0, opts.maxBufferedBytes ?? 1024 * 1024);
  };

  const shown = statusPacer();
  const line = new CallLine({
    exchange: opts.exchange,
    log,
    name: 'json-socket',
    // After the goodbye the socket is half-closed and drained this long, so the reply is not lost to a reset.
    graceMs: opts.lingerMs ?? 2000,
  }, remote, {
    render: (ev: OutputEvent) => {
      if (shown(ev)) write(replyFor(ev));
    },
    finish: () => {
      clearTimeout(firstFrameTimer);
      if (!socket.destroyed) socket.end();
    },
    cut: () => socket.destroy(),
  });

  const firstFrameTimer = setTimeout(() => refuse('silent'), opts.firstFrameTimeoutMs ?? 30_000);

  const refuse = (why: Refusal): void => {
    if (!line.open) return;
    log.warn('json-socket request refused', { remote, why });
    write({ type: 'exit', msg: ERROR_TEXT[why] });
    line.end('refused');
    line.hangUp('refused');
  };

  const onData = (chunk: Buffer): void => {
    if (!line.open) return;
    for (const frame of decoder.push(chunk)) {
      const said = meaningOf(frame, opts.route);
      if (said.kind === 'refuse') return refuse(said.why);
      if (said.kind === 'policy') {
        socket.write(policyReply());
        return line.end('goodbye');
      }
      if (said.kind === 'ping') continue;
      if (!line.placed) clearTimeout(firstFrameTimer);
      passLine(line, said, remote, log);
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
 * The original client prints each screen as new lines and cannot redraw one:
 * of a run of status lines (a place in line moving), one now and then says
 * enough without a flood. Every other event passes.
 */
function statusPacer(): (ev: OutputEvent) => boolean {
  let lastStatusAt = -Infinity;
  return (ev) => {
    if (ev.type !== 'screen' || !ev.status) return true;
    const now = performance.now();
    if (now - lastStatusAt < STATUS_EVERY_MS) return false;
    lastStatusAt = now;
    return true;
  };
}

/** The reply frame for an output event; none for events the original client has no word for. */
function replyFor(ev: OutputEvent): Reply | null {
  if (ev.type === 'screen') return { type: 'screen', msg: ev.text };
  if (ev.type === 'prompt') {
    const { msg, pchar } = promptParts(ev.text, ev.pchar);
    return ev.mode === 'line' ? { type: 'prompt', msg, pchar } : { type: 'prompt', msg, pchar, mode: ev.mode };
  }
  if (ev.type === 'exit') return { type: 'exit', msg: ev.text };
  return null;
}

type Refusal = keyof typeof ERROR_TEXT;

type LineFrame = { kind: 'line'; text: string; path: string; node: number | undefined };

/** The first line opens the call, on the node its route names; every later one answers a prompt. */
function passLine(line: CallLine, said: LineFrame, remote: string, log: Logger): void {
  if (line.placed) return line.input({ type: 'line', text: said.text });
  const call = line.place({ transport: 'tcpjson', remote, terminal: { ...DEFAULT_TERMINAL }, node: said.node });
  if (call) log.info('json-socket call placed', { remote, call: call.id, route: said.path });
}

/** What one frame asks of the call: a line (the first one only opens it), nothing (a ping), the policy file, or a refusal. */
function meaningOf(
  frame: DecodedFrame,
  route: string,
): { kind: 'refuse'; why: Refusal } | { kind: 'policy' } | { kind: 'ping' } | LineFrame {
  if (frame.kind === 'error') return { kind: 'refuse', why: frame.error };
  if (frame.kind === 'policy') return frame;
  const target = routeTarget(frame.path, route);
  if (!target) return { kind: 'refuse', why: 'no-route' };
  const { type, msg } = frame.body;
  if (type === 'ping') return { kind: 'ping' };
  if (type !== 'msg' || typeof msg !== 'string') return { kind: 'refuse', why: 'bad-message' };
  return { kind: 'line', text: msg, path: frame.path, node: target.node };
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
