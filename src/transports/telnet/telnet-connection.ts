import type { Socket } from 'node:net';
import type { CallHandle, CallerPort, Exchange } from '../../session/caller.js';
import { DEFAULT_TERMINAL, saneSize, type HangupReason, type InputEvent, type OutputEvent } from '../../session/events.js';
import type { Logger } from '../../logger.js';
import { TerminalSession } from '../terminal/terminal-session.js';
import { corkForTick } from '../cork-for-tick.js';
import { parseNaws, type WindowSize } from './naws.js';
import { EC, EL, OPT_BINARY, OPT_ECHO, OPT_NAWS, OPT_SGA, OPT_TTYPE } from './telnet-codes.js';
import { TelnetOptions, type OptionChange, type OptionPolicy } from './telnet-options.js';
import { TelnetParser, escapeIac, type TelnetEvent } from './telnet-parser.js';
import { terminalFor } from './terminal-profile.js';
import { parseTtypeIs, TTYPE_SEND_BYTES, TtypeCycle } from './ttype.js';

export interface TelnetConnectionOptions {
  socket: Socket;
  /** The caller's address, as the limiter and the conversation know it. */
  remote: string;
  exchange: Exchange;
  log: Logger;
  /** Longest wait for the client to say what it is before the call is placed anyway. */
  dialDelayMs: number;
  /** Past this much unsent output the caller is not reading at all: drop them. */
  maxWritableBytes: number;
  onClosed: () => void;
}

/** What we agree to when the peer asks: character mode, 8-bit data, and its window size and type. */
const POLICY: OptionPolicy = {
  us: new Set([OPT_ECHO, OPT_SGA, OPT_BINARY]),
  him: new Set([OPT_SGA, OPT_NAWS, OPT_TTYPE, OPT_BINARY]),
};

/** After exit or shutdown, a peer that never reads gets this long before the socket is cut. */
const END_GRACE_MS = 2000;

/** One telnet caller: negotiation, then one placed call fed by the shared terminal session. */
export class TelnetConnection {
  private readonly parser = new TelnetParser();
  private readonly options = new TelnetOptions(POLICY);
  private readonly ttype = new TtypeCycle();
  private readonly session: TerminalSession;
  /** A SEND is out and its IS not yet in: an IS we did not ask for is ignored. */
  private awaitingTtype = false;
  private nawsSettled = false;
  private size: WindowSize | null = null;
  private handle: CallHandle | undefined;
  /** Input the session produced while the exchange was still placing the call. */
  private early: InputEvent[] = [];
  private dialTimer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private dialed = false;
  private ending = false;
  private closed = false;
  private hangupReason: HangupReason = 'line dropped';

  constructor(private readonly opts: TelnetConnectionOptions) {
    const { socket } = opts;
    this.session = new TerminalSession({
      terminal: DEFAULT_TERMINAL,
      write: (bytes) => this.send(escapeIac(bytes)),
      onInput: (event) => this.input(event),
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.hangupReason = 'line dropped';
      opts.log.debug('telnet socket error', { remote: opts.remote, err: err.message });
    });
    socket.on('close', () => this.onClose());
    const offer = [
      ...this.options.request('us', OPT_ECHO, true),
      ...this.options.request('us', OPT_SGA, true),
      ...this.options.request('him', OPT_SGA, true),
      ...this.options.request('him', OPT_NAWS, true),
      ...this.options.request('him', OPT_TTYPE, true),
      ...this.options.request('us', OPT_BINARY, true),
      ...this.options.request('him', OPT_BINARY, true),
    ];
    this.send(Buffer.from(offer));
    this.dialTimer = setTimeout(() => this.dial(), opts.dialDelayMs);
  }

  /** End the connection from our side (listener closing). */
  shutdown(): void {
    this.hangupReason = 'shutdown';
    this.end();
  }

  private onData(chunk: Buffer): void {
    if (this.closed || this.ending) return;
    const replies: number[] = [];
    for (const event of this.parser.push(chunk)) {
      this.guard(() => this.onEvent(event, replies));
      if (this.closed || this.ending) return;
    }
    if (replies.length > 0) this.send(Buffer.from(replies));
  }

  private onEvent(event: TelnetEvent, replies: number[]): void {
    switch (event.type) {
      case 'data':
        this.session.receive(event.bytes);
        return;
      case 'negotiation': {
        const result = this.options.receive(event.verb, event.option);
        replies.push(...result.reply);
        if (result.change) this.onOptionChange(result.change, replies);
        return;
      }
      case 'command':
        // Erase character / erase line from clients with a local editing mode become the keys we edit with.
        if (event.code === EC) this.session.receive(Uint8Array.of(0x7f));
        else if (event.code === EL) this.session.receive(Uint8Array.of(0x15));
        return;
      case 'subnegotiation':
        if (!event.truncated) this.onSubnegotiation(event.option, event.data, replies);
        return;
    }
  }

  private onOptionChange(change: OptionChange, replies: number[]): void {
    if (change.side !== 'him') return;
    if (change.option === OPT_TTYPE) {
      if (change.enabled && !this.dialed && !this.ttype.done) {
        replies.push(...TTYPE_SEND_BYTES);
        this.awaitingTtype = true;
      } else if (!change.enabled) {
        this.ttype.finish();
        this.maybeDial();
      }
    } else if (change.option === OPT_NAWS && !change.enabled) {
      this.nawsSettled = true;
      this.maybeDial();
    }
  }

  private onSubnegotiation(option: number, data: Buffer, replies: number[]): void {
    if (option === OPT_NAWS) {
      const size = parseNaws(data);
      if (size === null) return;
      if (!this.dialed) {
        this.size = size;
        this.nawsSettled = true;
        this.maybeDial();
        return;
      }
      // 0 means the client does not know; a repeat of the current size is no news for the conversation.
      if (size.cols === 0 || size.rows === 0) return;
      const now = this.session.terminal;
      const next = saneSize(size.cols, size.rows);
      if (next.cols !== now.cols || next.rows !== now.rows) this.session.resize(next.cols, next.rows);
      return;
    }
    if (option === OPT_TTYPE && this.awaitingTtype) {
      this.awaitingTtype = false;
      const name = parseTtypeIs(data);
      if (name !== null && this.ttype.add(name)) {
        replies.push(...TTYPE_SEND_BYTES);
        this.awaitingTtype = true;
        return;
      }
      this.ttype.finish();
      this.maybeDial();
    }
  }

  private maybeDial(): void {
    if (this.ttype.done && this.nawsSettled) this.dial();
  }

  private dial(): void {
    clearTimeout(this.dialTimer);
    if (this.dialed || this.closed || this.ending) return;
    this.dialed = true;
    this.ttype.finish();
    this.awaitingTtype = false;
    const terminal = terminalFor(this.ttype.names, this.size);
    this.guard(() => {
      this.session.deliver({ type: 'terminal', terminal });
      const port: CallerPort = {
        transport: 'telnet',
        remote: this.opts.remote,
        terminal: this.session.terminal,
        deliver: (event) => this.deliver(event),
      };
      const handle = this.opts.exchange.dial(port);
      this.handle = handle;
      this.opts.log.info('telnet call placed', {
        remote: this.opts.remote,
        call: handle.id,
        termType: terminal.termType,
        cols: terminal.cols,
        rows: terminal.rows,
        encoding: terminal.encoding,
      });
      handle.input({ type: 'open' });
      for (const event of this.early.splice(0)) handle.input(event);
    });
  }

  private deliver(event: OutputEvent): void {
    if (this.closed || this.ending) return;
    this.guard(() => this.session.deliver(this.fitToMode(event)));
    if (event.type === 'exit') {
      this.hangupReason = 'goodbye';
      this.end();
    }
  }

  /**
   * One keystroke is an answer only in character mode (we echo, the client
   * sends each key as typed). A client that refused it sends whole lines, and
   * the Enter after a one-key answer would answer the next prompt too: ask it
   * for a line instead.
   */
  private fitToMode(event: OutputEvent): OutputEvent {
    if (event.type !== 'prompt' || event.mode !== 'key') return event;
    if (this.options.enabled('us', OPT_ECHO) && this.options.enabled('us', OPT_SGA)) return event;
    return { ...event, mode: 'line' };
  }

  private input(event: InputEvent): void {
    if (this.closed) return;
    if (this.handle === undefined) this.early.push(event);
    else this.handle.input(event);
  }

  private send(bytes: Buffer): void {
    const { socket } = this.opts;
    if (this.closed || !socket.writable || bytes.length === 0) return;
    if (socket.writableLength + bytes.length > this.opts.maxWritableBytes) {
      this.opts.log.warn('telnet caller dropped', { remote: this.opts.remote, reason: 'not reading', buffered: socket.writableLength });
      this.hangupReason = 'not reading';
      socket.destroy();
      return;
    }
    corkForTick(socket);
    socket.write(bytes);
  }

  /** Flush what was written, then FIN; a peer that will not take it is cut after a grace period. */
  private end(): void {
    if (this.ending || this.closed) return;
    this.ending = true;
    clearTimeout(this.dialTimer);
    this.opts.socket.end();
    this.killTimer = setTimeout(() => this.opts.socket.destroy(), END_GRACE_MS);
    this.killTimer.unref();
  }

  /** A fault in the terminal layer or the exchange ends this call, never the process. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.log.error('telnet call failed', { remote: this.opts.remote, err });
      this.hangupReason = 'error';
      this.ending = true;
      this.opts.socket.destroy();
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.dialTimer);
    clearTimeout(this.killTimer);
    this.early = [];
    if (this.handle !== undefined) {
      try {
        this.handle.input({ type: 'hangup', reason: this.hangupReason });
      } catch (err) {
        this.opts.log.error('telnet hangup failed', { remote: this.opts.remote, err });
      }
    }
    this.opts.onClosed();
  }
}
