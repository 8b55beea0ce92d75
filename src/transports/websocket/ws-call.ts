import WebSocket, { type RawData } from 'ws';
import type { Exchange } from '../../session/caller.js';
import { DEFAULT_TERMINAL, type HangupReason, type OutputEvent, type Terminal } from '../../session/events.js';
import type { Logger } from '../../logger.js';
import { CallLine } from '../call-line.js';
import { TerminalSession } from '../terminal/terminal-session.js';
import { classifyClientFrame, encodeServerControl, type ByeReason, type ServerControl } from './ws-frames.js';

interface WsCallOptions {
  exchange: Exchange;
  log: Logger;
  remote: string;
  /** The node this tab dialled, if it asked for one. */
  node?: number;
  board: () => string;
  /** Dial this long after connecting if no resize came first: the board should draw at the real size. */
  dialDelayMs: number;
  /** Stop reading keystrokes while this much output waits for the caller. */
  highWaterBytes: number;
  /** Past this much unsent output the caller is not reading at all: drop them. */
  maxBufferedBytes: number;
  /** The caller finds every line taken (on the node they asked for, if any): say busy instead of dialing. */
  isBusy?: (node?: number) => boolean;
  /** A caller was given the busy signal here, without a call ever being placed (for the call log). */
  onBusy?: (caller: { transport: string; remote: string }) => void;
  onClosed: () => void;
}

/** Keys typed before the call is placed; more than this is a paste into a void. */
const MAX_EARLY_KEY_BYTES = 1024;
/** The close handshake gets this long before the socket is cut. */
const CLOSE_GRACE_MS = 2000;

/** The browser's terminal: xterm.js is UTF-8 and truecolour. */
const BROWSER_TERMINAL: Terminal = { ...DEFAULT_TERMINAL, colorLevel: 3, encoding: 'utf8', termType: 'xterm-256color' };

/** The goodbye the page is told, and the close code, by why the board ends the call. */
function byeFor(reason: HangupReason, exit: Extract<OutputEvent, { type: 'exit' }> | null): { reason: ByeReason; code: number } {
  // The board's goodbye as it goes down is still a shutdown: the page redials a board that restarts, never one the caller left.
  if (exit?.end === 'shutdown') return { reason: 'shutdown', code: 1001 };
  if (exit) return { reason: 'exit', code: 1000 };
  switch (reason) {
    case 'shutdown':
      return { reason: 'shutdown', code: 1001 };
    case 'busy':
      return { reason: 'busy', code: 1013 };
    case 'error':
      return { reason: 'error', code: 1011 };
    case 'not reading':
      return { reason: 'slow', code: 1000 };
    default:
      return { reason: 'exit', code: 1000 };
  }
}

/** One browser tab on the line: WebSocket frames in, one placed call (a CallLine) behind. */
export class WsCall {
  /** Cleared on every ping, set by the pong: a tab that stays silent for a whole interval is gone. */
  private alive = true;
  private size = { cols: BROWSER_TERMINAL.cols, rows: BROWSER_TERMINAL.rows };
  private session: TerminalSession | undefined;
  private readonly line: CallLine;
  /** Keys typed before the terminal exists (it is made at the real size): bytes, replayed into it once it is. */
  private earlyKeys: Buffer[] = [];
  private earlyKeyBytes = 0;
  private dialTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private paused = false;
  /** Reading held for a handed-off terminal's peer that is backed up (an upload's receiver). */
  private inputHeld = false;
  private bufferedAtLastBeat = Infinity;

  constructor(
    private readonly ws: WebSocket,
    private readonly opts: WsCallOptions,
  ) {
    this.line = new CallLine({
      exchange: opts.exchange,
      log: opts.log,
      name: 'websocket',
      graceMs: CLOSE_GRACE_MS,
      // A fault is told to the page (bye error, code 1011) rather than cut without a word.
      faultEnds: 'finish',
    }, opts.remote, {
      render: (event) => this.render(event),
      openRaw: (listener) => this.session?.openRaw(listener) ?? null,
      lastInput: () => this.session?.lastInput() ?? null,
      finish: (reason, exit) => {
        clearTimeout(this.dialTimer);
        const bye = byeFor(reason, exit);
        this.sendControl({ type: 'bye', reason: bye.reason });
        ws.close(bye.code);
      },
      cut: () => ws.terminate(),
    });
    ws.on('message', (data, isBinary) => this.onMessage(toBuffer(data), isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (err) => {
      // Protocol errors (oversized frame, bad UTF-8) end this socket only; ws closes it for us.
      this.line.hangUp('refused');
      opts.log.debug('websocket error', { remote: opts.remote, err: err.message });
    });
    ws.on('close', () => this.onClose());
    this.dialTimer = setTimeout(() => this.dial(), opts.dialDelayMs);
  }

  /** One keep-alive round: called by the transport every ping interval. */
  heartbeat(): void {
    if (this.closed) return;
    // Held for an upload's receiver: no pong can be read; the transfer's own watchdog ends a stalled one.
    if (this.inputHeld) return;
    if (this.paused) {
      // Reading is paused, so no pong can arrive; judge the tab by whether its output drains instead.
      const stalled = this.ws.bufferedAmount >= this.bufferedAtLastBeat;
      this.bufferedAtLastBeat = this.ws.bufferedAmount;
      if (stalled) {
        this.opts.log.info('websocket reaped', { remote: this.opts.remote, reason: 'output stalled' });
        this.line.cut('not reading');
      }
      return;
    }
    if (!this.alive) {
      this.opts.log.info('websocket reaped', { remote: this.opts.remote, reason: 'no pong' });
      this.line.cut('line dropped');
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  /** The board (or this port) is closing: the page is told so, and the line ends. */
  shutdown(): void {
    this.line.end('shutdown');
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (!this.line.open) return;
    const frame = classifyClientFrame(data, isBinary);
    if (frame.kind === 'invalid') {
      this.opts.log.debug('websocket control ignored', { remote: this.opts.remote, error: frame.error });
      return;
    }
    if (frame.kind === 'control') {
      this.size = { cols: frame.message.cols, rows: frame.message.rows };
      if (this.session) this.line.guard(() => this.session?.resize(this.size.cols, this.size.rows));
      else this.dial();
      return;
    }
    if (this.session) {
      const session = this.session;
      this.line.guard(() => session.receive(frame.bytes));
    } else if (this.earlyKeyBytes + frame.bytes.length <= MAX_EARLY_KEY_BYTES) {
      this.earlyKeys.push(Buffer.from(frame.bytes));
      this.earlyKeyBytes += frame.bytes.length;
    }
  }

  private dial(): void {
    clearTimeout(this.dialTimer);
    if (this.session || !this.line.open) return;
    this.line.guard(() => {
      if (this.opts.isBusy?.(this.opts.node)) {
        this.sendControl({ type: 'busy', board: this.opts.board(), message: 'All lines are busy. Try again in a minute.' });
        this.opts.onBusy?.({ transport: 'websocket', remote: this.opts.remote });
        this.line.end('busy');
        return;
      }
      // Hello means the board picked up: the page shows CONNECT only after it.
      this.sendControl({ type: 'hello', board: this.opts.board() });
      const session = new TerminalSession({
        terminal: { ...BROWSER_TERMINAL, ...this.size },
        wire: { write: (bytes) => this.send(bytes, true), input: (event) => this.line.input(event), backlog: () => this.ws.bufferedAmount, hold: (held) => this.hold(held) },
      });
      this.session = session;
      const handle = this.line.place({ transport: 'websocket', remote: this.opts.remote, terminal: session.terminal, node: this.opts.node });
      if (!handle) return;
      this.opts.log.info('websocket call placed', { remote: this.opts.remote, call: handle.id, node: this.opts.node, ...this.size });
      for (const keys of this.earlyKeys.splice(0)) session.receive(keys);
      this.earlyKeyBytes = 0;
    });
  }

  private render(event: OutputEvent): void {
    // xterm.js reads UTF-8 only: a caller who picks a CP437 profile keeps the rest of it, not the bytes.
    const fixed: OutputEvent = event.type === 'terminal' ? { type: 'terminal', terminal: { ...event.terminal, encoding: 'utf8' } } : event;
    this.session?.deliver(fixed);
  }

  private send(data: Buffer | string, binary: boolean): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (!this.line.room(this.ws.bufferedAmount, size, this.opts.maxBufferedBytes)) return;
    this.ws.send(data, { binary }, () => this.maybeResume());
    if (!this.paused && this.ws.bufferedAmount > this.opts.highWaterBytes) {
      this.paused = true;
      this.bufferedAtLastBeat = Infinity;
      this.ws.pause();
    }
  }

  private maybeResume(): void {
    if (this.paused && this.ws.bufferedAmount <= this.opts.highWaterBytes / 2) {
      this.paused = false;
      // No pong could be read while paused; give the tab a fresh interval to answer.
      this.alive = true;
      if (!this.inputHeld) this.ws.resume();
    }
  }

  /** The terminal session's wire: a handed-off terminal's peer is backed up, or caught up. */
  private hold(held: boolean): void {
    this.inputHeld = held;
    if (held) return this.ws.pause();
    this.alive = true;
    if (!this.paused) this.ws.resume();
  }

  private sendControl(message: ServerControl): void {
    this.send(encodeServerControl(message), false);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.dialTimer);
    this.line.closed();
    this.opts.onClosed();
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
