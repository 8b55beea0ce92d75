import { randomUUID } from 'node:crypto';
import type { RawListener, RawTerminal } from '../session/caller.js';
import type { Encoding } from '../session/events.js';
import type { BulkShare } from './bulk-share.js';
import type { RawOutcome, RawPeer, RawSink } from './raw-peer.js';
import type { ScreenModel } from './screen-model.js';
import { transcoder } from './transcode.js';

/** How often a paused door looks again whether its caller's wire has room. */
const ROOM_POLL_MS = 5;
/** A door's output taken in one turn of the event loop before it waits for the next: a flood is read in slices, other callers' keys between them. */
const TURN_BYTES = 16 * 1024;
/** A paced door waits once this much of the line is owed, not after every read: waits a timer can keep. */
const PACE_SLICE_MS = 8;

/** The board's pace for bulk output while other callers type, as the desk gives it to the play of one call. */
interface PlayPace {
  /** One share for every output of the play's kind on the board: doors, or file transfers. */
  share: BulkShare;
  /** Whose play it is: their own keys never slow it. */
  call: string;
  /**
   * The caller typed into the play: every pace on the board hears of it.
   * None for a file transfer, whose input is its protocol's blocks and
   * acknowledgements, not keys.
   */
  typed?(): void;
}

interface Translator {
  push(bytes: Uint8Array): Buffer;
}

/** The identity, for a door and a caller of the same encoding. */
const AS_IS: Translator = { push: (bytes) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)) };

function translator(from: Encoding, to: Encoding): Translator {
  return transcoder(from, to) ?? AS_IS;
}

/** One terminal looking at a play: its caller's, or a sysop watching. Output is translated to its encoding. */
class Seat implements RawListener {
  readonly out: Translator;
  readonly in: Translator;

  constructor(
    readonly terminal: RawTerminal,
    readonly play: Play,
    readonly watcher: boolean,
    /** A watcher's way back to the sysop's menu. */
    readonly done: (() => void) | null = null,
  ) {
    this.out = translator(play.encoding, terminal.terminal.encoding);
    this.in = translator(terminal.terminal.encoding, play.encoding);
  }

  bytes(bytes: Uint8Array): void {
    if (this.watcher) this.play.unwatch(this);
    else this.play.input(this.in.push(bytes));
  }

  resize(cols: number, rows: number): void {
    if (!this.watcher) this.play.resize(cols, rows);
  }
}

export interface PlayFacts {
  door: string;
  title: string;
  userId: number;
  userName: string;
  /** What the door writes and reads. */
  encoding: Encoding;
}

/**
 * One door (or remote board) being played: the peer, the caller's terminal
 * while they are on the line, sysops watching, and a model of its screen so
 * a caller who calls back, or a sysop who looks in, sees it as it is. Output
 * waits for the caller's wire (the peer pauses) so a flood costs nobody
 * else their turn.
 */
export class Play implements RawSink {
  readonly playId = randomUUID();
  readonly startedAt = Date.now();
  /** The caller's own terminal, while they are on the line. */
  private callerSeat: Seat | null = null;
  private watchers: Seat[] = [];
  private roomTimer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  /** Output taken from the peer since it last waited for a turn. */
  private turnBytes = 0;
  private ended: RawOutcome | null = null;
  private readonly endListeners: Array<(outcome: RawOutcome) => void> = [];
  /** The door's output as the screen model reads it: UTF-8. */
  private readonly modelIn: Translator;
  /** Set while the caller's line is down and the door waits for them. */
  detachedAt: number | null = null;
  /** The desk's pace for the call seated here. */
  pace: PlayPace | null = null;
  /** Paced: the door's output is read again no sooner than this (performance.now()). */
  private pacedUntil = 0;
  /** The far end, once it is made (after the caller's terminal is known). */
  private peer: RawPeer | null = null;
  private model: ScreenModel | null = null;

  constructor(readonly facts: PlayFacts) {
    this.modelIn = translator(facts.encoding, 'utf8');
  }

  get encoding(): Encoding {
    return this.facts.encoding;
  }

  get over(): boolean {
    return this.ended !== null;
  }

  /** Begin: the peer's output flows from now on, into `model` too when there is one. */
  start(peer: RawPeer, model: ScreenModel | null): void {
    this.peer = peer;
    this.model = model;
    peer.start(this);
  }

  /** What the caller typed, for the peer (nothing before it exists). */
  input(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pace?.typed?.();
    this.peer?.input(bytes);
  }

  /** The caller's terminal takes the play from the start: returned so the peer can be made to fit it. */
  takeSeat(open: (listener: RawListener) => RawTerminal | null): RawTerminal | null {
    let seat: Seat | null = null;
    const terminal = open({ bytes: (b) => seat?.bytes(b), resize: (c, r) => seat?.resize(c, r) });
    if (!terminal) return null;
    seat = new Seat(terminal, this, false);
    this.callerSeat = seat;
    return terminal;
  }

  onEnd(listener: (outcome: RawOutcome) => void): void {
    if (this.ended) listener(this.ended);
    else this.endListeners.push(listener);
  }

  /** The caller calls back: their terminal takes the play again, the screen repainted as it is now, at their size. */
  async resume(open: (listener: RawListener) => RawTerminal | null): Promise<boolean> {
    const terminal = this.takeSeat(open);
    if (!terminal) return false;
    this.detachedAt = null;
    const { cols, rows } = terminal.terminal;
    this.resize(cols, rows);
    const seat = this.callerSeat!;
    if (this.model) {
      await this.model.written();
      terminal.write(seat.out.push(Buffer.from(await this.model.repaint(), 'utf8')));
    }
    this.peer?.resume();
    return true;
  }

  /**
   * A sysop looks in, read-only, until they press a key (or the play ends):
   * then `done`. Returns how to let the watcher go without it (their line
   * dropped), or null when their terminal cannot be handed over.
   */
  async watch(open: (listener: RawListener) => RawTerminal | null, done: () => void): Promise<(() => void) | null> {
    let seat: Seat | null = null;
    const terminal = open({ bytes: (b) => seat?.bytes(b), resize: () => {} });
    if (!terminal) return null;
    const watcher = new Seat(terminal, this, true, done);
    seat = watcher;
    this.watchers.push(watcher);
    if (this.model) {
      await this.model.written();
      terminal.write(watcher.out.push(Buffer.from(await this.model.repaint(), 'utf8')));
    }
    return () => {
      const i = this.watchers.indexOf(watcher);
      if (i >= 0) this.watchers.splice(i, 1);
    };
  }

  /** The caller's line dropped: the door keeps running, its output only into the screen model. */
  detach(): void {
    this.callerSeat = null;
    this.detachedAt = Date.now();
    this.stopRoomTimer();
    this.peer?.resume();
  }

  unwatch(seat: Seat): void {
    const i = this.watchers.indexOf(seat);
    if (i < 0) return;
    this.watchers.splice(i, 1);
    seat.terminal.close();
    seat.done?.();
  }

  /** End the play now: the peer stops and `end` follows. */
  stop(how: 'hangup' | 'ended'): void {
    if (this.ended) return;
    if (this.peer) this.peer.stop(how);
    else this.end({ how });
  }

  resize(cols: number, rows: number): void {
    this.model?.resize(cols, rows);
    this.peer?.resize(cols, rows);
  }

  /** RawSink: the door's output, to the model, the watchers and the caller. */
  data(bytes: Uint8Array): boolean {
    if (this.model) this.model.write(this.modelIn.push(bytes));
    for (const w of this.watchers) w.terminal.write(w.out.push(bytes));
    const seat = this.callerSeat;
    const room = seat ? seat.terminal.write(seat.out.push(bytes)) : true;
    this.turnBytes += bytes.length;
    const owed = this.pace ? this.pace.share.charge(this.pace.call, bytes.length) : 0;
    if (owed >= PACE_SLICE_MS) this.pacedUntil = performance.now() + owed;
    if (room && owed < PACE_SLICE_MS && this.turnBytes < TURN_BYTES) return true;
    this.turnBytes = 0;
    this.waitForTurn();
    return false;
  }

  /** RawSink: the peer is backed up with the caller's bytes, or caught up: the caller's wire waits meanwhile. */
  holdInput(held: boolean): void {
    this.callerSeat?.terminal.holdInput?.(held);
  }

  /** RawSink: the peer is finished. */
  end(outcome: RawOutcome): void {
    if (this.ended) return;
    this.ended = outcome;
    this.stopRoomTimer();
    for (const w of this.watchers.splice(0)) {
      w.terminal.close();
      w.done?.();
    }
    this.release();
    this.model?.dispose();
    for (const listener of this.endListeners.splice(0)) listener(outcome);
  }

  /** The caller's terminal, given back to the conversation. */
  release(): void {
    const seat = this.callerSeat;
    this.callerSeat = null;
    seat?.terminal.close();
  }

  /**
   * The peer waits: for the next turn of the event loop, so other callers'
   * keys and screens go first (a door that floods is read a slice at a
   * time), then until the board's pace has carried what it sent, and then
   * for as long as its caller's wire is backed up.
   */
  private waitForTurn(): void {
    if (this.roomTimer) return;
    const look = (): void => {
      this.roomTimer = null;
      if (this.ended) return;
      const owed = this.pacedUntil - performance.now();
      if (owed > 0) {
        this.roomTimer = setTimeout(look, owed);
        return;
      }
      const seat = this.callerSeat;
      if (!seat || seat.terminal.writable) this.peer?.resume();
      else this.roomTimer = setTimeout(look, ROOM_POLL_MS);
    };
    this.roomTimer = setImmediate(look);
  }

  private stopRoomTimer(): void {
    if (this.roomTimer) {
      clearTimeout(this.roomTimer as NodeJS.Timeout);
      clearImmediate(this.roomTimer as NodeJS.Immediate);
    }
    this.roomTimer = null;
  }
}
