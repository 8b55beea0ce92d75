import type { CallHandle, CallerPort, Exchange, RawListener, RawTerminal } from '../session/caller.js';
import { packFlags } from '../session/packed-flags.js';
import { REASON_OF_END, type HangupReason, type InputEvent, type OutputEvent } from '../session/events.js';
import type { Logger } from '../logger.js';

type ExitEvent = Extract<OutputEvent, { type: 'exit' }>;

/** What a transport's socket glue does for its line; the line decides when. */
interface LineWire {
  /** Put one output event on the wire (the transport's codec). A throw is a fault of this call only. */
  render(event: OutputEvent): void;
  /**
   * Begin a clean end: what was written goes out, then the wire's own goodbye
   * (a FIN, a close frame, an exit status). `exit` is the board's exit event
   * when the end is the conversation's; null when the line ends it itself.
   */
  finish(reason: HangupReason, exit: ExitEvent | null): void;
  /** Cut the connection now. */
  cut(): void;
  /** Hand the terminal over (see CallerPort.openRaw); absent on wires that carry only lines. */
  openRaw?(listener: RawListener): RawTerminal | null;
  /** The line is gone: what the terminal layer still holds for the conversation (the editor's unsent text), told before the hangup. */
  lastInput?(): InputEvent | null;
}

/** What every call of one transport shares: made once per listener, so a waiting caller does not hold a copy. */
export interface LineSettings {
  exchange: Exchange;
  log: Logger;
  /** The wire's name in log lines: telnet, ssh, websocket, json-socket. */
  name: string;
  /** After a clean end begins, the peer has this long to close before the line is cut. */
  graceMs: number;
  /** A fault ends the call by cutting the line (the default) or by finishing it, for wires that can say why (a WebSocket close code). */
  faultEnds?: 'cut' | 'finish';
  /** Input events kept while the call is being placed; past this they are dropped. */
  maxEarlyInput?: number;
}

const DEFAULT_MAX_EARLY_INPUT = 64;

/** The port a line dials with: what the wire knows, and output back into the line. One object per call, no closure. */
class LinePort implements CallerPort {
  readonly transport: string;
  readonly remote: string;
  terminal: CallerPort['terminal'];
  readonly preauthenticated: CallerPort['preauthenticated'];
  readonly offeredKey: CallerPort['offeredKey'];
  readonly node: CallerPort['node'];

  constructor(
    private readonly line: CallLine,
    port: Omit<CallerPort, 'deliver'>,
  ) {
    this.transport = port.transport;
    this.remote = port.remote;
    this.terminal = port.terminal;
    this.preauthenticated = port.preauthenticated;
    this.offeredKey = port.offeredKey;
    this.node = port.node;
  }

  deliver(event: OutputEvent): void {
    this.line.deliver(event);
  }

  openRaw(listener: RawListener): RawTerminal | null {
    return this.line.openRaw(listener);
  }
}

/**
 * The life of one call on any wire, written once. The transport brings its
 * codec and its socket; the line places the call, keeps input that arrives
 * before the call is placed, delivers output only while the wire can take
 * it, ends cleanly and then cuts after a grace period, drops a caller who
 * stopped reading, and tells the exchange exactly once that the wire is
 * gone, with the reason in the board's one vocabulary.
 */
export class CallLine {
  /** The yes/no states below, as bits (see `packFlags`); all start false. */
  private flags = 0;
  private handle: CallHandle | undefined;
  /** Made only for a call that gets input before it is placed: most never need it. */
  private early: InputEvent[] | null = null;
  /** A clean end is under way: no more output, the peer is being let go. */
  private declare ending: boolean;
  /** Cut from our side (not reading, a fault). */
  private declare dropped: boolean;
  /** The socket is gone. */
  private declare gone: boolean;
  /** The exchange heard its one hangup. */
  private declare hungUp: boolean;
  /** Why the call ends; the first cause found is the one the call log keeps. */
  private why: HangupReason | null = null;
  private graceTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: LineSettings,
    private readonly remote: string,
    private readonly wire: LineWire,
  ) {}

  /** Output may still go to the caller: nothing has ended the call yet. */
  get open(): boolean {
    return !this.ending && !this.dropped && !this.gone && !this.hungUp;
  }

  get placed(): boolean {
    return this.handle !== undefined;
  }

  /** A clean end was begun (the glue finishes the wire's goodbye when the peer closes). */
  get finishing(): boolean {
    return this.ending;
  }

  get id(): string {
    return this.handle?.id ?? '';
  }

  /** Dial the exchange, open the call, then hand it what was typed while it was being placed. */
  place(port: Omit<CallerPort, 'deliver'>): CallHandle | undefined {
    if (this.handle || !this.open) return this.handle;
    this.guard(() => {
      const handle = this.settings.exchange.dial(new LinePort(this, port));
      this.handle = handle;
      handle.input({ type: 'open' });
      for (const event of this.early?.splice(0) ?? []) handle.input(event);
    });
    return this.handle;
  }

  /** Input from the caller: held (bounded) until the call is placed, dropped once it has ended. */
  input(event: InputEvent): void {
    if (!this.open) return;
    if (this.handle === undefined) {
      this.early ??= [];
      if (this.early.length < (this.settings.maxEarlyInput ?? DEFAULT_MAX_EARLY_INPUT)) this.early.push(event);
      return;
    }
    const handle = this.handle;
    this.guard(() => handle.input(event));
  }

  /** Output from the conversation; an exit ends the call cleanly once it is written. */
  deliver(event: OutputEvent): void {
    if (!this.open) return;
    this.guard(() => this.wire.render(event));
    if (event.type === 'exit') this.end(REASON_OF_END[event.end ?? 'goodbye'], event);
  }

  /** Hand the terminal over while the call is up, on wires that have one. */
  openRaw(listener: RawListener): RawTerminal | null {
    if (!this.open || !this.wire.openRaw) return null;
    let raw: RawTerminal | null = null;
    this.guard(() => {
      raw = this.wire.openRaw!(listener);
    });
    return raw;
  }

  /** End the call from our side: the wire's goodbye now, the cut after the grace period if the peer lingers. */
  end(reason: HangupReason, exit: ExitEvent | null = null): void {
    if (this.ending || this.dropped || this.gone) return;
    this.ending = true;
    this.why ??= reason;
    this.graceTimer = setTimeout(() => this.wire.cut(), this.settings.graceMs);
    this.graceTimer.unref();
    try {
      this.wire.finish(reason, exit);
    } catch (err) {
      this.settings.log.error(`${this.settings.name} call failed`, { remote: this.remote, err });
      this.cut('error');
    }
  }

  /** Cut the line now; the hangup follows when the socket reports it closed. */
  cut(reason: HangupReason): void {
    if (this.dropped || this.gone) return;
    this.dropped = true;
    this.why ??= reason;
    this.wire.cut();
  }

  /**
   * The caller's unsent output would pass the wire's cap: they are not
   * reading at all, and holding more for them is memory any stranger could
   * make the board spend. False (and the line cut) when there is no room.
   */
  room(buffered: number, adding: number, cap: number): boolean {
    if (buffered + adding <= cap) return true;
    this.notReading(buffered);
    return false;
  }

  /** Drop a caller whose output backlog overflowed. */
  notReading(buffered: number): void {
    if (this.dropped || this.gone) return;
    this.settings.log.warn(`${this.settings.name} caller dropped`, { remote: this.remote, reason: 'not reading', buffered });
    this.cut('not reading');
  }

  /** Tell the exchange the wire is gone, once, whatever else happens; the socket may still be closing. */
  hangUp(reason?: HangupReason): void {
    if (this.hungUp) return;
    this.hungUp = true;
    this.early = null;
    if (reason !== undefined) this.why ??= reason;
    if (this.handle === undefined) return;
    try {
      const last = this.wire.lastInput?.();
      if (last) this.handle.input(last);
      this.handle.input({ type: 'hangup', reason: this.why ?? 'line dropped' });
    } catch (err) {
      this.settings.log.error(`${this.settings.name} hangup failed`, { remote: this.remote, err });
    }
  }

  /** The socket closed, by either side: no more timers, and the conversation hears it. */
  closed(): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.graceTimer);
    this.hangUp();
  }

  /** A fault in the codec, the terminal layer or the exchange ends this call, never the process. */
  guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.settings.log.error(`${this.settings.name} call failed`, { remote: this.remote, err });
      if (this.settings.faultEnds === 'finish') {
        this.why ??= 'error';
        this.end('error');
      } else this.cut('error');
    }
  }
}

packFlags(CallLine.prototype, ['ending', 'dropped', 'gone', 'hungUp']);
