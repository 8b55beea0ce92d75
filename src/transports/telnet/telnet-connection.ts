import type { Socket } from 'node:net';
import { packFlags } from '../../session/packed-flags.js';
import type { Exchange, RawListener, RawTerminal } from '../../session/caller.js';
import { DEFAULT_TERMINAL, saneSize, type InputEvent, type OutputEvent } from '../../session/events.js';
import type { Logger } from '../../logger.js';
import { TerminalSession, type TerminalWire } from '../terminal/terminal-session.js';
import { CallLine, type LineSettings } from '../call-line.js';
import { corkForTick } from '../cork-for-tick.js';
import { parseNaws, type WindowSize } from './naws.js';
import { EC, EL, OPT_BINARY, OPT_ECHO, OPT_NAWS, OPT_SGA, OPT_TTYPE } from './telnet-codes.js';
import { TelnetOptions, type OptionChange, type OptionPolicy } from './telnet-options.js';
import { TelnetParser, escapeIac, type TelnetEvent } from './telnet-parser.js';
import { terminalFor } from './terminal-profile.js';
import { parseTtypeIs, TTYPE_SEND_BYTES, TtypeCycle } from './ttype.js';

/** After exit or shutdown, a peer that never reads gets this long before the socket is cut. */
const END_GRACE_MS = 2000;

/** What every telnet connection of one listener shares, made once: a waiting caller holds a reference, not a copy. */
export interface TelnetSettings {
  log: Logger;
  /** Longest wait for the client to say what it is before the call is placed anyway. */
  dialDelayMs: number;
  /** Past this much unsent output the caller is not reading at all: drop them. */
  maxWritableBytes: number;
  /** The call line's own settings (the exchange, the log, the end's grace). */
  line: LineSettings;
}

/** The call line settings of telnet connections on `exchange`. */
export function telnetLineSettings(exchange: Exchange, log: Logger): LineSettings {
  return { exchange, log, name: 'telnet', graceMs: END_GRACE_MS };
}

/** What we agree to when the peer asks: character mode, 8-bit data, and its window size and type. */
const POLICY: OptionPolicy = {
  us: new Set([OPT_ECHO, OPT_SGA, OPT_BINARY]),
  him: new Set([OPT_SGA, OPT_NAWS, OPT_TTYPE, OPT_BINARY]),
};

/**
 * The socket's data listener is one function for every caller, finding its
 * connection on the socket itself (errors and the close come through the
 * shared listener): no closure and context per waiting caller.
 */
const CONNECTION = Symbol('telnet connection');
type OwnedSocket = Socket & { [CONNECTION]: TelnetConnection };

function onSocketData(this: OwnedSocket, chunk: Buffer): void {
  this[CONNECTION].onData(chunk);
}

/** One telnet caller: negotiation, then one placed call (its life kept by a CallLine) fed by the shared terminal session. */
export class TelnetConnection implements TerminalWire {
  /** The yes/no states below, as bits (see `packFlags`); all start false. */
  private flags = 0;
  private readonly parser = new TelnetParser();
  private readonly options = new TelnetOptions(POLICY);
  /** The terminal's names while they are asked for; let go once the call is placed, as a waiting caller's state should be. */
  private ttype: TtypeCycle | null = new TtypeCycle();
  private readonly session: TerminalSession;
  private readonly line: CallLine;
  /** A SEND is out and its IS not yet in: an IS we did not ask for is ignored. */
  private declare awaitingTtype: boolean;
  private declare nawsSettled: boolean;
  private size: WindowSize | null = null;
  private dialTimer: NodeJS.Timeout | undefined;
  private declare dialed: boolean;
  private declare socketClosed: boolean;

  constructor(
    private readonly settings: TelnetSettings,
    private readonly socket: Socket,
    /** The caller's address, as the limiter and the conversation know it. */
    private readonly remote: string,
  ) {
    // The connection is its own wire: methods, not closures, so a waiting caller costs less.
    this.line = new CallLine(settings.line, remote, this);
    // The connection is the terminal's wire too: write() and input() below.
    this.session = new TerminalSession({ terminal: DEFAULT_TERMINAL, wire: this });
    socket.setNoDelay(true);
    (socket as OwnedSocket)[CONNECTION] = this;
    socket.on('data', onSocketData);
    // Its errors and its close come through the shared listener (failed() and closed() below).
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
    this.dialTimer = setTimeout(() => this.dial(), settings.dialDelayMs);
  }

  /** End the connection from our side (listener closing). */
  shutdown(): void {
    this.line.end('shutdown');
  }

  /** The terminal session's wire: its bytes, with 0xFF doubled, to the socket. */
  write(bytes: Buffer): void {
    this.send(escapeIac(bytes));
  }

  /** The terminal session's wire: a line or a resize for the call. */
  input(event: InputEvent): void {
    this.line.input(event);
  }

  /** The terminal session's wire: a handed-off terminal's peer is backed up, so the client waits (TCP's window fills). */
  hold(held: boolean): void {
    if (held) this.socket.pause();
    else this.socket.resume();
  }

  /** The terminal session's wire: what the socket has not sent yet. */
  backlog(): number {
    return this.socket.writableLength;
  }

  /** The call line's wire: hand the terminal over, every byte the client sends in BINARY kept as data. */
  openRaw(listener: RawListener): RawTerminal | null {
    const raw = this.session.openRaw(listener);
    if (raw === null) return null;
    this.parser.keepNulAfterCr = this.options.enabled('him', OPT_BINARY);
    const parser = this.parser;
    return {
      write: (bytes) => raw.write(bytes),
      holdInput: (held) => raw.holdInput?.(held),
      get writable() {
        return raw.writable;
      },
      get terminal() {
        return raw.terminal;
      },
      close: () => {
        parser.keepNulAfterCr = false;
        raw.close();
      },
    };
  }

  /** The call line's wire: one output event through the terminal session. */
  render(event: OutputEvent): void {
    this.session.deliver(this.fitToMode(event));
  }

  /** The call line's wire: the terminal session's last input before the hangup. */
  lastInput(): InputEvent | null {
    return this.session.lastInput();
  }

  /** The call line's wire: flush what was written, then FIN. */
  finish(): void {
    this.stopDialTimer();
    this.socket.end();
  }

  /** The call line's wire: cut the connection now. */
  cut(): void {
    this.socket.destroy();
  }

  /** The socket's data, through the shared listener. */
  onData(chunk: Buffer): void {
    if (!this.line.open) return;
    const replies: number[] = [];
    for (const event of this.parser.push(chunk)) {
      this.line.guard(() => this.onEvent(event, replies));
      if (!this.line.open) return;
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
      if (change.enabled && this.ttype && !this.ttype.done) {
        replies.push(...TTYPE_SEND_BYTES);
        this.awaitingTtype = true;
      } else if (!change.enabled) {
        this.ttype?.finish();
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
      if (name !== null && this.ttype?.add(name)) {
        replies.push(...TTYPE_SEND_BYTES);
        this.awaitingTtype = true;
        return;
      }
      this.ttype?.finish();
      this.maybeDial();
    }
  }

  private maybeDial(): void {
    if ((this.ttype?.done ?? true) && this.nawsSettled) this.dial();
  }

  /** Cleared and let go: a cleared Timeout kept in a field is an object held for the whole call. */
  private stopDialTimer(): void {
    clearTimeout(this.dialTimer);
    this.dialTimer = undefined;
  }

  private dial(): void {
    this.stopDialTimer();
    if (this.dialed || !this.line.open) return;
    this.dialed = true;
    this.awaitingTtype = false;
    const terminal = terminalFor(this.ttype?.names ?? [], this.size);
    this.ttype = null;
    this.size = null;
    this.line.guard(() => this.session.deliver({ type: 'terminal', terminal }));
    const handle = this.line.place({ transport: 'telnet', remote: this.remote, terminal: this.session.terminal });
    if (handle)
      this.settings.log.info('telnet call placed', {
        remote: this.remote,
        call: handle.id,
        termType: terminal.termType,
        cols: terminal.cols,
        rows: terminal.rows,
        encoding: terminal.encoding,
      });
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

  private send(bytes: Buffer): void {
    const socket = this.socket;
    if (this.socketClosed || !socket.writable || bytes.length === 0) return;
    if (!this.line.room(socket.writableLength, bytes.length, this.settings.maxWritableBytes)) return;
    corkForTick(socket);
    socket.write(bytes);
  }

  /** The socket failed, through the shared listener; its close follows and ends the call. */
  failed(err: Error): void {
    this.settings.log.debug('telnet socket error', { remote: this.remote, err: err.message });
  }

  /** The socket has closed, through the shared listener. */
  closed(): void {
    if (this.socketClosed) return;
    this.socketClosed = true;
    this.stopDialTimer();
    this.line.closed();
  }
}

packFlags(TelnetConnection.prototype, ['awaitingTtype', 'nawsSettled', 'dialed', 'socketClosed']);
