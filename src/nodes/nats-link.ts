import { randomUUID } from 'node:crypto';
import { connect, Events, RequestStrategy, type Msg, type NatsConnection } from 'nats';
import type { Logger } from '../logger.js';
import type { LiveEvent, OnlineCaller } from '../session/live.js';
import {
  boardSubjects,
  encode,
  MAX_EVENT_BYTES,
  MAX_BEAT_NODES,
  MAX_HEARTBEAT_BYTES,
  MAX_ROSTER_BYTES,
  MAX_ROSTER_CALLERS,
  parseBusEvent,
  parseHeartbeat,
  parseRosterReply,
  type BoardSubjects,
  type Heartbeat,
} from './bus-wire.js';
import type { HostBus, LocalCallers } from './host-bus.js';
import { HostTable, type HostView } from './host-table.js';
import { fromWire, toWire } from './link-protocol.js';

/** How often a host says it is alive, and after how long without a word the others forget it. */
export const HEARTBEAT_MS = 1000;
export const FORGET_MS = 3000;
/** How long `who` waits for the other hosts' rosters; a host slower than this is left out of that one answer. */
export const WHO_WAIT_MS = 750;
/** Between two tries to reach the bus when the board starts without it. */
const CONNECT_RETRY_MS = 1000;
/** A flood of bad messages is one log line per this long, with how many there were. */
const DROP_LOG_MS = 10_000;

export interface NatsHostBusOptions {
  /** nats:// URLs of the servers; the client moves to another when one goes away. */
  servers: string[];
  hostId: string;
  boardName: string;
  log: Logger;
  heartbeatMs?: number;
  forgetMs?: number;
  whoWaitMs?: number;
}

/**
 * The bus between the board's hosts, on NATS: live events on the board's
 * `live` subject, a heartbeat with each host's count on `hosts`, and `who`
 * as a request every live host answers. The board serves its own host
 * whether or not the bus is there: a server that goes away is logged once,
 * the client reconnects by itself, and meanwhile the other hosts are
 * forgotten as their heartbeats stop arriving.
 */
export class NatsHostBus implements HostBus {
  readonly hostId: string;
  /** Messages from the bus dropped as malformed, since the start. */
  droppedTotal = 0;
  private readonly subjects: BoardSubjects;
  private readonly instance = randomUUID();
  private readonly table: HostTable;
  private readonly heartbeatMs: number;
  private readonly whoWaitMs: number;
  private readonly eventHandlers: ((event: LiveEvent) => void)[] = [];
  private readonly changeHandlers: (() => void)[] = [];
  private local: LocalCallers | null = null;
  private nc: NatsConnection | null = null;
  private connected = false;
  private closed = false;
  private beatTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private beatSoon = false;
  private dropsUnlogged = 0;
  private dropTimer: NodeJS.Timeout | null = null;
  private warnedTwin = false;
  private warnedUnreachable = false;

  constructor(private readonly opts: NatsHostBusOptions) {
    this.hostId = opts.hostId;
    this.subjects = boardSubjects(opts.boardName);
    this.heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
    this.whoWaitMs = opts.whoWaitMs ?? WHO_WAIT_MS;
    this.table = new HostTable(opts.forgetMs ?? FORGET_MS);
  }

  /** Reach the bus, in the background until it answers. Resolves once the first attempt is over, either way. */
  start(): Promise<void> {
    this.beatTimer = setInterval(() => this.beat(), this.heartbeatMs);
    return this.tryConnect();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  serve(local: LocalCallers): void {
    this.local = local;
  }

  publish(event: LiveEvent): void {
    // Not while the bus is away: the client would keep it and deliver it late, a chat line minutes after it was said.
    if (!this.connected || !this.nc) return;
    const bytes = encode({ host: this.hostId, event }, MAX_EVENT_BYTES);
    if (!bytes) {
      this.opts.log.warn('live event too large for the bus, kept on this host', { kind: event.kind });
      return;
    }
    this.nc.publish(this.subjects.live, bytes);
  }

  onEvent(handler: (event: LiveEvent) => void): void {
    this.eventHandlers.push(handler);
  }

  onChange(handler: () => void): void {
    this.changeHandlers.push(handler);
  }

  othersCount(): number {
    return this.table.count();
  }

  othersNodes(): HostView[] {
    return this.table.views();
  }

  async othersRoster(): Promise<OnlineCaller[]> {
    const expected = this.table.alive().length;
    if (!this.connected || !this.nc || expected === 0) return [];
    const out: OnlineCaller[] = [];
    const seen = new Set<string>();
    try {
      const replies = await this.nc.requestMany(this.subjects.who, encode({ host: this.hostId }, MAX_HEARTBEAT_BYTES)!, {
        strategy: RequestStrategy.Count,
        maxMessages: expected,
        maxWait: this.whoWaitMs,
      });
      for await (const m of replies) {
        const r = parseRosterReply(m.data);
        if (!r.ok) {
          this.dropped(this.subjects.who, r.why);
          continue;
        }
        if (r.value.host === this.hostId || seen.has(r.value.host)) continue;
        seen.add(r.value.host);
        for (const c of r.value.callers) out.push({ ...fromWire(c), host: r.value.host });
      }
    } catch (err) {
      // No host answered at all (they went away since their last heartbeat), or the bus went: who is here is still known.
      this.opts.log.debug('who on the other hosts went unanswered', { err });
    }
    return out;
  }

  localChanged(): void {
    if (this.beatSoon) return;
    this.beatSoon = true;
    setImmediate(() => {
      this.beatSoon = false;
      this.sendBeat(false);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.beatTimer) clearInterval(this.beatTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.dropTimer) clearTimeout(this.dropTimer);
    const nc = this.nc;
    if (!nc) return;
    if (this.connected) {
      this.sendBeat(true);
      // The goodbye goes out before the connection closes; a bus that does not take it in a second is not waited for.
      await Promise.race([nc.flush().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    }
    this.connected = false;
    await nc.close().catch(() => {});
  }

  // --- internals ---

  private async tryConnect(): Promise<void> {
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: this.opts.servers,
        name: `bbs ${this.hostId}`,
        // This host's own messages never come back to it: the gateway has delivered them here already.
        noEcho: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        // A server that does not answer at the start holds the board's opening back no longer than this.
        timeout: 2000,
        pingInterval: 5000,
        maxPingOut: 2,
      });
    } catch (err) {
      if (this.closed) return;
      if (!this.warnedUnreachable) {
        this.warnedUnreachable = true;
        this.opts.log.warn('bus unreachable: this host serves its own callers and keeps trying', { servers: this.opts.servers.join(','), err });
      }
      this.retryTimer = setTimeout(() => void this.tryConnect(), CONNECT_RETRY_MS);
      return;
    }
    if (this.closed) {
      await nc.close().catch(() => {});
      return;
    }
    this.nc = nc;
    this.connected = true;
    this.subscribe(nc);
    void this.watch(nc);
    this.opts.log.info('bus connected', { server: nc.getServer(), host: this.hostId, subject: this.subjects.live });
    this.sendBeat(false);
  }

  private subscribe(nc: NatsConnection): void {
    nc.subscribe(this.subjects.live, { callback: (err, m) => err || this.onLive(m) });
    nc.subscribe(this.subjects.hosts, { callback: (err, m) => err || this.onHeartbeat(m) });
    nc.subscribe(this.subjects.who, { callback: (err, m) => err || this.onWho(m) });
  }

  /** The client's own reports: a lost server is said once, and again when it is back. */
  private async watch(nc: NatsConnection): Promise<void> {
    try {
      for await (const s of nc.status()) {
        if (s.type === Events.Disconnect && this.connected) {
          this.connected = false;
          this.opts.log.warn('bus lost: this host serves its own callers until it is back', { server: typeof s.data === 'string' ? s.data : '' });
        } else if (s.type === Events.Reconnect && !this.connected) {
          this.connected = true;
          this.opts.log.info('bus back', { server: typeof s.data === 'string' ? s.data : '' });
          this.sendBeat(false);
        }
      }
    } catch (err) {
      this.opts.log.warn('bus status stopped', { err });
    }
  }

  private onLive(m: Msg): void {
    const p = parseBusEvent(m.data);
    if (!p.ok) return this.dropped(m.subject, p.why);
    if (p.value.host === this.hostId) return this.twin();
    for (const h of this.eventHandlers) {
      try {
        h(p.value.event);
      } catch (err) {
        this.opts.log.error('live event from the bus not delivered', { err });
      }
    }
  }

  private onHeartbeat(m: Msg): void {
    const p = parseHeartbeat(m.data);
    if (!p.ok) return this.dropped(m.subject, p.why);
    if (p.value.host === this.hostId) {
      if (p.value.instance !== this.instance) this.twin();
      return;
    }
    if (this.table.heard(p.value, Date.now())) this.changed();
  }

  private onWho(m: Msg): void {
    if (!m.reply || !this.local) return;
    let callers = this.local.roster().slice(0, MAX_ROSTER_CALLERS).map(toWire);
    let bytes = encode({ host: this.hostId, callers }, MAX_ROSTER_BYTES);
    // Long activity names on a full host: fewer callers listed rather than no answer.
    while (!bytes && callers.length > 0) {
      callers = callers.slice(0, Math.floor(callers.length / 2));
      bytes = encode({ host: this.hostId, callers }, MAX_ROSTER_BYTES);
    }
    if (bytes) m.respond(bytes);
  }

  private beat(): void {
    this.sendBeat(false);
    if (this.table.prune(Date.now())) this.changed();
  }

  private sendBeat(bye: boolean): void {
    if (!this.connected || !this.nc) return;
    const local = this.local;
    const listing = local?.listing() ?? null;
    const beat: Heartbeat = {
      host: this.hostId,
      instance: this.instance,
      count: local?.count() ?? 0,
      ...(bye ? { bye: true } : { nodes: local?.nodes().slice(0, MAX_BEAT_NODES) ?? [], ...(listing ? { listing } : {}) }),
    };
    // A listing too long to send (a host name of hundreds of characters) leaves the host out of the others' phone book, not off the board.
    const bytes = encode(beat, MAX_HEARTBEAT_BYTES) ?? encode({ ...beat, listing: undefined }, MAX_HEARTBEAT_BYTES)!;
    this.nc.publish(this.subjects.hosts, bytes);
  }

  private changed(): void {
    for (const h of this.changeHandlers) {
      try {
        h();
      } catch (err) {
        this.opts.log.error('host change not handled', { err });
      }
    }
  }

  /** Another process says it is this host: the sysop gave two hosts one id, and each would ignore the other. */
  private twin(): void {
    if (this.warnedTwin) return;
    this.warnedTwin = true;
    this.opts.log.warn('another process on the bus uses this host id: give each host its own (host id setting)', { host: this.hostId });
  }

  /** A message that is not what the board sends: dropped, and counted in one log line per stretch of them. */
  private dropped(subject: string, why: string): void {
    this.droppedTotal++;
    if (this.dropTimer) {
      this.dropsUnlogged++;
      return;
    }
    this.opts.log.warn('bus message dropped', { subject, why, dropped: this.droppedTotal });
    this.dropTimer = setTimeout(() => {
      this.dropTimer = null;
      if (this.dropsUnlogged > 0) this.opts.log.warn('bus messages dropped', { since: `${DROP_LOG_MS / 1000}s`, count: this.dropsUnlogged, dropped: this.droppedTotal });
      this.dropsUnlogged = 0;
    }, DROP_LOG_MS);
    this.dropTimer.unref();
  }
}
