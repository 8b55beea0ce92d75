import type { CallerPort } from '../session/caller.js';
import type { DoorPlay, Handback, HandoffRequest } from '../session/handoff.js';
import type { DoorDefinition, GatewayDefinition } from '../config/door-settings.js';
import type { Logger } from '../logger.js';
import { playFacts, startDoor, startLineDoor, type DoorLaunch } from './door-start.js';
import { LinePlay } from './line-play.js';
import { Play } from './play.js';
import type { RawOutcome } from './raw-peer.js';
import { RemoteBoard } from './remote-board.js';
import { TransferPeer, type TransferJob } from './transfer-peer.js';
import { BulkShare, TYPING_WINDOW_MS } from './bulk-share.js';

/** Said to a caller whose wire carries only lines (the 2010 client) when what they asked for needs a terminal. */
const NEEDS_TERMINAL = 'That needs a real terminal: call by telnet, SSH or the browser.';
const TRANSFER_NEEDS_TERMINAL = 'File transfers need a terminal program: call by telnet, SSH or the browser.';

/** A call as the desk serves it: the caller's port, and how the conversation hears the terminal is back. */
export interface DeskCall {
  readonly id: string;
  readonly caller: CallerPort;
  back(handback: Handback): void;
}

export interface DoorDeskOptions {
  doors: readonly DoorDefinition[];
  gateways: readonly GatewayDefinition[];
  log: Logger;
  board: { name: string; sysop: string | null };
  /** The board's data folder, for doors that keep files there (`{data}`). */
  data: string;
  /** Keep a stretch an account spent in a door, for its daily limit. */
  recordTime?: (userId: number, door: string, seconds: number) => void;
  /** Bytes a second all file transfers together may send while callers are typing; 0 or absent: no pace. */
  transferRate?: number;
  /** Bytes a second all doors and other boards together may send their callers while callers are typing; 0 or absent: no pace. */
  doorRate?: number;
}

/** What one call is doing at the desk. */
interface Seating {
  call: DeskCall;
  play: Play | LinePlay;
  /** The door's definition, for detaching; none for a remote board or a watch. */
  door: DoorDefinition | null;
  since: number;
  /** A sysop's read-only look: ending it leaves the play alone. */
  watching: boolean;
  /** How to let a watcher go whose line dropped. */
  stopWatching?: () => void;
}

/**
 * The gateway's desk of doors: it runs every door and remote-board
 * connection beside the socket it belongs to, so a node restart never ends
 * a game, keeps the ones whose caller dropped and may call back, and hands
 * each terminal back when its play ends.
 */
export class DoorDesk {
  private readonly seated = new Map<string, Seating>();
  private readonly plays = new Set<Play | LinePlay>();
  private readonly lingering = new Map<Play, NodeJS.Timeout>();
  /** File transfers running now: not doors, so never listed or watched, but ended with the board. */
  private readonly transfers = new Set<Play>();
  /** One pace for every transfer on the board, held while callers type. */
  private readonly share: BulkShare;
  /** One pace for every door's and other board's output, held while callers type. */
  private readonly doorShare: BulkShare;

  constructor(private readonly opts: DoorDeskOptions) {
    this.share = new BulkShare({ bytesPerSecond: opts.transferRate ?? 0, activeMs: TYPING_WINDOW_MS });
    this.doorShare = new BulkShare({ bytesPerSecond: opts.doorRate ?? 0, activeMs: TYPING_WINDOW_MS });
  }

  /** Caller `callId` typed a line at a menu or prompt (or a menu key), or keys in a door: other callers' transfers and doors give way for a while. */
  typed(callId: string): void {
    this.share.typed(callId);
    this.doorShare.typed(callId);
  }

  /** The flow on the node asked for a hand-off: start it, and answer through `call.back` when it is over. */
  begin(call: DeskCall, request: HandoffRequest): void {
    this.start(call, request).catch((err: unknown) => {
      this.opts.log.error('door failed to start', { call: call.id, request: request.kind, err });
      this.finish(call, { how: 'failed', note: 'The door could not start. The sysop has been told.' });
    });
  }

  /** The call is handed off here now (its keys and lines are the desk's). */
  holds(callId: string): boolean {
    return this.seated.has(callId);
  }

  /** A line from a line-only caller (the JSON socket) in a line-based door. */
  line(callId: string, text: string): boolean {
    const seat = this.seated.get(callId);
    if (!seat || !(seat.play instanceof LinePlay)) return false;
    seat.play.line(text);
    return true;
  }

  /** The caller's line dropped: a door that may wait for them keeps running; anything else ends now. */
  hangup(callId: string): void {
    const seat = this.seated.get(callId);
    if (!seat) return;
    this.seated.delete(callId);
    if (seat.watching) return seat.stopWatching?.();
    this.played(seat);
    const minutes = seat.door?.detachMinutes ?? 0;
    const play = seat.play;
    if (minutes > 0 && play instanceof Play && !play.over) {
      play.detach();
      const timer = setTimeout(() => play.stop('hangup'), minutes * 60_000);
      timer.unref();
      this.lingering.set(play, timer);
      this.opts.log.info('door kept for the caller to resume', { door: seat.door?.name, user: play.facts.userName, minutes });
      return;
    }
    play.stop('hangup');
  }

  /** Every play running now, detached ones included. */
  playsNow(): DoorPlay[] {
    return [...this.plays].map((p) => ({
      playId: p.playId,
      door: p.facts.door,
      userId: p.facts.userId,
      userName: p.facts.userName,
      detached: p instanceof Play && p.detachedAt !== null,
      startedAt: p.startedAt,
    }));
  }

  /** The board is stopping: end every play, and wait (bounded) for them. */
  async stopAll(waitMs = 5000): Promise<void> {
    const all = [...this.plays, ...this.transfers];
    const ending = all.map((p) => new Promise<void>((resolve) => p.onEnd(() => resolve())));
    for (const p of all) p.stop('ended');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(ending), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  private async start(call: DeskCall, request: HandoffRequest): Promise<void> {
    switch (request.kind) {
      case 'door':
        return this.startDoor(call, request);
      case 'resume':
        return this.resume(call, request.door, request.userId);
      case 'gateway':
        return this.startGateway(call, request.gateway);
      case 'watch':
        return this.watch(call, request.playId);
      case 'send':
      case 'receive':
        return this.startTransfer(call, request);
    }
  }

  private async startDoor(call: DeskCall, request: Extract<HandoffRequest, { kind: 'door' }>): Promise<void> {
    const door = this.opts.doors.find((d) => d.name === request.door);
    if (!door) return this.finish(call, { how: 'refused', note: 'There is no such door.' });
    const playing = [...this.plays].filter((p) => p.facts.door === door.name && !p.over).length;
    if (door.maxPlayers > 0 && playing >= door.maxPlayers) return this.finish(call, { how: 'busy', note: `All ${door.maxPlayers} places in ${door.title} are taken. Try again later.` });
    const launch: DoorLaunch = { door, caller: request.caller, transport: call.caller.transport, terminal: call.caller.terminal, board: this.opts.board, data: this.opts.data, log: this.opts.log };
    const play = new Play(playFacts(launch));
    const terminal = play.takeSeat((l) => call.caller.openRaw?.(l) ?? null);
    if (!terminal) return this.startForLines(call, launch);
    this.seatCall(call, play, door);
    try {
      await startDoor(launch, play, terminal.terminal);
    } catch (err) {
      this.opts.log.error('door failed to start', { door: door.name, err });
      play.end({ how: 'failed', note: `${door.title} could not start. The sysop has been told.` });
    }
  }

  /** A caller whose wire carries only lines: a line-based door runs for them as text; any other tells them how to play it. */
  private async startForLines(call: DeskCall, launch: DoorLaunch): Promise<void> {
    const { door } = launch;
    if (!door.lineBased) return this.finish(call, { how: 'refused', note: `${door.title} needs a real terminal. Call by telnet, SSH or the browser to play it.` });
    const linePlay = await startLineDoor(launch);
    this.seatCall(call, linePlay, door);
    linePlay.begin(call.caller);
  }

  private async resume(call: DeskCall, doorName: string, userId: number): Promise<void> {
    const play = [...this.lingering.keys()].find((p) => p.facts.door === doorName && p.facts.userId === userId && !p.over);
    if (!play) return this.finish(call, { how: 'refused', note: 'That game has ended meanwhile.' });
    // Taken by this call before anything else can: the kept game's timer stops only once the terminal is really here.
    if (!(await play.resume((l) => call.caller.openRaw?.(l) ?? null))) return this.finish(call, { how: 'refused', note: NEEDS_TERMINAL });
    clearTimeout(this.lingering.get(play));
    this.lingering.delete(play);
    this.seatCall(call, play, this.opts.doors.find((d) => d.name === doorName) ?? null);
  }

  private startGateway(call: DeskCall, name: string): void {
    const gateway = this.opts.gateways.find((g) => g.name === name);
    if (!gateway) return this.finish(call, { how: 'refused', note: 'There is no such board in the list.' });
    const play = new Play({ door: `gateway:${gateway.name}`, title: gateway.title, userId: 0, userName: '', encoding: call.caller.terminal.encoding });
    const terminal = play.takeSeat((l) => call.caller.openRaw?.(l) ?? null);
    if (!terminal) return this.finish(call, { how: 'refused', note: NEEDS_TERMINAL });
    this.seatCall(call, play, null);
    play.start(new RemoteBoard({ gateway, terminal: terminal.terminal }), null);
  }

  /**
   * A download or upload: lrzsz on the caller's terminal, bytes as they are
   * (the play's encoding is the caller's, so nothing is translated) and no
   * screen model. The call is seated until it ends; a hang-up ends it.
   */
  private startTransfer(call: DeskCall, job: TransferJob): void {
    const play = new Play({ door: `transfer:${job.protocol}`, title: 'File transfer', userId: 0, userName: '', encoding: call.caller.terminal.encoding });
    const terminal = play.takeSeat((l) => call.caller.openRaw?.(l) ?? null);
    if (!terminal) return this.finish(call, { how: 'refused', note: TRANSFER_NEEDS_TERMINAL, transfer: { sent: [], received: [], cancelled: true } });
    const since = Date.now();
    this.seated.set(call.id, { call, play, door: null, since, watching: false });
    this.transfers.add(play);
    play.onEnd((outcome) => {
      this.transfers.delete(play);
      // A caller who hung up has nobody to hand the terminal back to.
      if (this.seated.get(call.id)?.play !== play) return;
      this.seated.delete(call.id);
      this.finish(call, { how: outcome.how, note: outcome.note, seconds: Math.round((Date.now() - since) / 1000), transfer: outcome.transfer });
    });
    // The transfer's pace, with no typing: the caller's bytes into it are the protocol's, not keys.
    play.pace = { share: this.share, call: call.id };
    play.start(new TransferPeer({ job, log: this.opts.log }), null);
  }

  private async watch(call: DeskCall, playId: string): Promise<void> {
    const play = [...this.plays].find((p) => p.playId === playId);
    if (!play || !(play instanceof Play) || play.over) return this.finish(call, { how: 'refused', note: 'That door is no longer running.' });
    const since = Date.now();
    const stopWatching = await play.watch(
      (l) => call.caller.openRaw?.(l) ?? null,
      () => {
        if (this.seated.get(call.id)?.play === play) this.seated.delete(call.id);
        call.back({ how: 'exit', seconds: Math.round((Date.now() - since) / 1000) });
      },
    );
    if (!stopWatching) return this.finish(call, { how: 'refused', note: NEEDS_TERMINAL });
    this.seated.set(call.id, { call, play, door: null, since, watching: true, stopWatching });
  }

  /** The call takes its seat at a play: while it runs the call is the desk's, and its end comes back to the call. */
  private seatCall(call: DeskCall, play: Play | LinePlay, door: DoorDefinition | null): void {
    const since = Date.now();
    this.seated.set(call.id, { call, play, door, since, watching: false });
    if (play instanceof Play) play.pace = { share: this.doorShare, call: call.id, typed: () => this.typed(call.id) };
    this.track(play);
    play.onEnd((outcome) => {
      const seat = this.seated.get(call.id);
      if (seat?.play !== play) return;
      this.seated.delete(call.id);
      this.played(seat);
      this.finish(call, { how: outcome.how, note: outcome.note, seconds: Math.round((Date.now() - since) / 1000) });
    });
  }

  /** A caller's stretch in a door ends (its end, or their line dropping): the day's limit counts it, whichever node they come back to. */
  private played(seat: Seating): void {
    if (!seat.door || seat.watching) return;
    const seconds = Math.round((Date.now() - seat.since) / 1000);
    if (seconds > 0) this.opts.recordTime?.(seat.play.facts.userId, seat.door.name, seconds);
  }

  /** A play is counted while it runs, logged when it ends. */
  private track(play: Play | LinePlay): void {
    if (this.plays.has(play)) return;
    this.plays.add(play);
    play.onEnd((outcome: RawOutcome) => {
      this.plays.delete(play);
      const timer = this.lingering.get(play as Play);
      if (timer) clearTimeout(timer);
      this.lingering.delete(play as Play);
      const log = outcome.how === 'failed' ? this.opts.log.warn.bind(this.opts.log) : this.opts.log.info.bind(this.opts.log);
      log('door ended', { door: play.facts.door, user: play.facts.userName, how: outcome.how, code: outcome.code, signal: outcome.signal, detail: outcome.detail });
    });
  }

  private finish(call: DeskCall, back: Omit<Handback, 'seconds'> & { seconds?: number }): void {
    call.back({ how: back.how, seconds: back.seconds ?? 0, ...(back.note ? { note: back.note } : {}), ...(back.transfer ? { transfer: back.transfer } : {}) });
  }
}
