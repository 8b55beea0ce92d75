import WebSocket, { type RawData } from 'ws';
import type { CallHandle, CallerPort, Exchange } from '../../session/caller.js';
import { DEFAULT_TERMINAL, type HangupReason, type InputEvent, type OutputEvent, type Terminal } from '../../session/events.js';
import type { Logger } from '../../logger.js';
import { TerminalSession } from '../terminal/terminal-session.js';
import { classifyClientFrame, encodeServerControl, type ByeReason, type ServerControl } from './ws-frames.js';

export interface WsCallOptions {
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
  onClosed: () => void;
}

/** Keys typed before the call is placed; more than this is a paste into a void. */
const MAX_EARLY_KEY_BYTES = 1024;
/** The close handshake gets this long before the socket is cut. */
const CLOSE_GRACE_MS = 2000;

/** The browser's terminal: xterm.js is UTF-8 and truecolour. */
const BROWSER_TERMINAL: Terminal = { ...DEFAULT_TERMINAL, colorLevel: 3, encoding: 'utf8', termType: 'xterm-256color' };

/** One browser tab on the line: WebSocket frames in, one placed call behind. */
export class WsCall {
  /** Cleared on every ping, set by the pong: a tab that stays silent for a whole interval is gone. */
  private alive = true;
  private size = { cols: BROWSER_TERMINAL.cols, rows: BROWSER_TERMINAL.rows };
  private session: TerminalSession | undefined;
  private handle: CallHandle | undefined;
  private earlyKeys: Buffer[] = [];
  private earlyKeyBytes = 0;
  private dialTimer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private ending = false;
  private closed = false;
  private paused = false;
  private bufferedAtLastBeat = Infinity;
  private hangupReason: HangupReason = 'line dropped';

  constructor(
    private readonly ws: WebSocket,
    private readonly opts: WsCallOptions,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(toBuffer(data), isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (err) => {
      // Protocol errors (oversized frame, bad UTF-8) end this socket only; ws closes it for us.
      this.hangupReason = 'refused';
      opts.log.debug('websocket error', { remote: opts.remote, err: err.message });
    });
    ws.on('close', () => this.onClose());
    this.dialTimer = setTimeout(() => this.dial(), opts.dialDelayMs);
  }

  /** One keep-alive round: called by the transport every ping interval. */
  heartbeat(): void {
    if (this.closed) return;
    if (this.paused) {
      // Reading is paused, so no pong can arrive; judge the tab by whether its output drains instead.
      const stalled = this.ws.bufferedAmount >= this.bufferedAtLastBeat;
      this.bufferedAtLastBeat = this.ws.bufferedAmount;
      if (stalled) {
        this.opts.log.info('websocket reaped', { remote: this.opts.remote, reason: 'output stalled' });
        this.hangupReason = 'not reading';
        this.ws.terminate();
      }
      return;
    }
    if (!this.alive) {
      this.opts.log.info('websocket reaped', { remote: this.opts.remote, reason: 'no pong' });
      this.hangupReason = 'line dropped';
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  /** End the call from our side with a reason the page can show. */
  end(reason: ByeReason, code = 1000): void {
    if (this.ending || this.closed) return;
    this.ending = true;
    this.hangupReason = reason === 'exit' ? 'goodbye' : reason === 'slow' ? 'not reading' : reason;
    clearTimeout(this.dialTimer);
    this.sendControl({ type: 'bye', reason });
    this.ws.close(code);
    this.killTimer = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS);
    this.killTimer.unref();
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.ending || this.closed) return;
    const frame = classifyClientFrame(data, isBinary);
    if (frame.kind === 'invalid') {
      this.opts.log.debug('websocket control ignored', { remote: this.opts.remote, error: frame.error });
      return;
    }
    if (frame.kind === 'control') {
      this.size = { cols: frame.message.cols, rows: frame.message.rows };
      if (this.session) this.guard(() => this.session?.resize(this.size.cols, this.size.rows));
      else this.dial();
      return;
    }
    if (this.session) {
      const session = this.session;
      this.guard(() => session.receive(frame.bytes));
    } else if (this.earlyKeyBytes + frame.bytes.length <= MAX_EARLY_KEY_BYTES) {
      this.earlyKeys.push(Buffer.from(frame.bytes));
      this.earlyKeyBytes += frame.bytes.length;
    }
  }

  private dial(): void {
    clearTimeout(this.dialTimer);
    if (this.session || this.ending || this.closed) return;
    this.guard(() => {
      if (this.opts.isBusy?.(this.opts.node)) {
        this.sendControl({ type: 'busy', board: this.opts.board(), message: 'All lines are busy. Try again in a minute.' });
        this.end('busy', 1013);
        return;
      }
      // Hello means the board picked up: the page shows CONNECT only after it.
      this.sendControl({ type: 'hello', board: this.opts.board() });
      const session = new TerminalSession({
        terminal: { ...BROWSER_TERMINAL, ...this.size },
        write: (bytes) => this.send(bytes, true),
        onInput: (event) => this.input(event),
      });
      this.session = session;
      const port: CallerPort = {
        transport: 'websocket',
        remote: this.opts.remote,
        terminal: session.terminal,
        deliver: (event) => this.deliver(event),
        node: this.opts.node,
      };
      this.handle = this.opts.exchange.dial(port);
      this.opts.log.info('websocket call placed', { remote: this.opts.remote, call: this.handle.id, node: this.opts.node, ...this.size });
      this.input({ type: 'open' });
      for (const keys of this.earlyKeys.splice(0)) session.receive(keys);
      this.earlyKeyBytes = 0;
    });
  }

  private deliver(event: OutputEvent): void {
    if (this.closed || this.ending || !this.session) return;
    const session = this.session;
    // xterm.js reads UTF-8 only: a caller who picks a CP437 profile keeps the rest of it, not the bytes.
    const fixed: OutputEvent = event.type === 'terminal' ? { type: 'terminal', terminal: { ...event.terminal, encoding: 'utf8' } } : event;
    this.guard(() => session.deliver(fixed));
    if (event.type === 'exit') this.end('exit');
  }

  private input(event: InputEvent): void {
    if (this.closed || !this.handle) return;
    this.handle.input(event);
  }

  private send(data: Buffer | string, binary: boolean): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (this.ws.bufferedAmount + size > this.opts.maxBufferedBytes) {
      this.opts.log.warn('websocket caller dropped', { remote: this.opts.remote, reason: 'not reading', buffered: this.ws.bufferedAmount });
      this.hangupReason = 'not reading';
      this.ws.terminate();
      return;
    }
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
      this.ws.resume();
    }
  }

  private sendControl(message: ServerControl): void {
    this.send(encodeServerControl(message), false);
  }

  /** A fault in the terminal layer or the exchange ends this call, never the process. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.log.error('websocket call failed', { remote: this.opts.remote, err });
      this.end('error', 1011);
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.dialTimer);
    clearTimeout(this.killTimer);
    if (this.handle) {
      try {
        this.handle.input({ type: 'hangup', reason: this.hangupReason });
      } catch (err) {
        this.opts.log.error('hangup failed', { remote: this.opts.remote, err });
      }
    }
    this.opts.onClosed();
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
