import { randomUUID } from 'node:crypto';
import type { CallerPort, CallHandle, Exchange } from '../session/caller.js';
import { boundDraft } from '../session/draft.js';
import { packFlags } from '../session/packed-flags.js';
import type { InputEvent } from '../session/events.js';
import type { DoorPlay, Handback, HandoffRequest } from '../session/handoff.js';
import type { LiveEvent, OnlineCaller } from '../session/live.js';
import type { Logger } from '../logger.js';
import type { BoardLimits } from './board-limits.js';
import type { HostListing } from './bus-wire.js';
import type { HostBus } from './host-bus.js';
import type { HostView } from './host-table.js';
import { toWire, type CallOffer, type CallState, type FromNode, type LinkEnd, type ToNode } from './link-protocol.js';

/** A node as the gateway sees it. */
export interface NodeStatus {
  node: number;
  lines: number;
  inUse: number;
  free: number;
  draining: boolean;
  up: boolean;
  pid: number | null;
  /** On a board of several hosts: the host the node runs on. */
  host?: string;
}

interface NodeSlot {
  node: number;
  lines: number;
  inUse: number;
  draining: boolean;
  link: LinkEnd<ToNode, FromNode> | null;
  pid: number | null;
}

/**
 * One call as the gateway keeps it, and the transport's handle on it: one
 * object per caller, its lists made only when something goes in them.
 */
class GatewayCall implements CallHandle {
  /** The yes/no states below, as bits (see `packFlags`); all start false. */
  flags = 0;
  readonly id = randomUUID();
  readonly connectedAt = Date.now();
  slot: NodeSlot | null = null;
  /** The link of the node process holding the call: a restarted node is a new link. */
  link: LinkEnd<ToNode, FromNode> | null = null;
  declare claimed: boolean;
  /** Input that arrived before the node took the call; bounded. */
  queued: InputEvent[] | null = null;
  declare opened: boolean;
  state: CallState | null = null;
  /** The wire is gone. */
  declare hungUp: boolean;
  /** The call has said goodbye (exit or busy) and only waits for the wire to go. */
  declare finished: boolean;
  redialTimer: NodeJS.Timeout | null = null;
  /** Nodes that already said busy to this placement. */
  refusedBy: Set<number> | null = null;
  /**
   * The call is moving to another node: from the moment its node went away
   * until the new node's first prompt. Lines typed meanwhile were typed for
   * a prompt the caller saw before, so none is fed to whatever comes first.
   */
  declare moving: boolean;
  /** Lines finished while moving, in order, bounded: answers for the new node only if it resumes the very prompt they were typed at. */
  held: string[] | null = null;
  /** The terminal is handed off to the door desk; the conversation waits for it back. */
  declare inDoor: boolean;
  /** Its node went away while it was in a door: it is placed again when the door hands it back. */
  declare seatAfterDoor: boolean;

  constructor(
    readonly caller: CallerPort,
    /** The gateway's one router of input, shared by every call. */
    private readonly route: (call: GatewayCall, ev: InputEvent) => void,
  ) {}

  input(ev: InputEvent): void {
    this.route(this, ev);
  }

  /** The door desk hands the terminal back (DeskCall). */
  back(handback: Handback): void {
    this.route(this, { type: 'handback', handback });
  }
}

packFlags(GatewayCall.prototype, ['claimed', 'opened', 'hungUp', 'finished', 'moving', 'inDoor', 'seatAfterDoor']);

/** Where handed-off terminals go: the door desk beside the sockets. */
interface HandoffDesk {
  begin(call: GatewayCall, request: HandoffRequest): void;
  /** A line from a line-only caller in a line-based door; false when it is not the desk's. */
  line(callId: string, text: string): boolean;
  hangup(callId: string): void;
  playsNow(): DoorPlay[];
  /** A caller outside the desk typed a line (or a menu key): other callers' bulk transfers give way for a while. */
  typed?(callId: string): void;
}

/** One kind of message from a node. */
type NodeMessage<T extends FromNode['t']> = Extract<FromNode, { t: T }>;

interface GatewayOptions {
  log: Logger;
  /** The busy signal: the screen a caller sees when every line is taken. */
  busyText: (caller: CallerPort) => string;
  /** Shown when a caller's node went away and the board redials them on another. */
  redialText: (caller: CallerPort) => string;
  /** How long a dropped caller waits for a line to come free (a node restarting) before the busy signal. */
  redialWaitMs?: number;
  random?: () => number;
  /** The board-wide password guard and throttle, which worker nodes ask over their links. */
  limits?: BoardLimits;
  /**
   * A caller heard the busy signal. They never reach a node, so no conversation logs
   * their call: this is where the call log hears of them, as a call that ended `busy`.
   */
  onBusy?: (caller: CallerPort) => void;
  /** Runs doors and remote boards beside the sockets; without it, a hand-off is refused. */
  desk?: HandoffDesk;
  /** The board's other hosts; without it, this host is the whole board. */
  hosts?: HostBus;
}

const MAX_QUEUED_INPUT = 64;
/** A held line is one the caller typed at a prompt; no prompt takes more than this. */
const MAX_HELD_LINE = 4096;

/**
 * The gateway owns every connection and places each call on a node with a
 * free line, chosen at random among them (the seed's "try them at random
 * until one is available"); the caller hears the busy signal only when every
 * node is full. Every later event of a call goes to the same node. When a
 * node goes away, its callers keep their connections and are re-seated on
 * another node at the flow they were in.
 */
export class Gateway implements Exchange {
  private readonly slots = new Map<number, NodeSlot>();
  private readonly calls = new Map<string, GatewayCall>();
  private readonly random: () => number;
  private readonly route = (call: GatewayCall, ev: InputEvent): void => this.input(call, ev);
  private closing = false;
  /** The online count every node was last told. */
  private announcedOnline = 0;
  /** This host's own count as the other hosts were last told it. */
  private announcedLocal = 0;
  /** A recount is due at the end of this tick: many changes in one tick are one count and one message per node. */
  private recountDue = false;
  /** This host's phone numbers for the other hosts' directories; null until its ports are open. */
  private listing: HostListing | null = null;

  constructor(private readonly opts: GatewayOptions) {
    this.random = opts.random ?? Math.random;
    const hosts = opts.hosts;
    if (hosts) {
      hosts.serve({
        roster: () => this.roster(),
        count: () => this.onlineCount(),
        nodes: () => this.nodes().map(({ node, lines, inUse, up, draining }) => ({ node, lines, inUse, up, draining })),
        listing: () => this.listing,
      });
      // From another host: to this host's nodes only, never back onto the bus.
      hosts.onEvent((event) => this.relay(event));
      hosts.onChange(() => this.onlineMayChange());
    }
  }

  // --- nodes ---

  /**
   * A node came up on this link. If the node was already up (a restart with
   * new code), the new process takes over: the old one's callers are
   * redialed onto the new lines, and the old link is closed.
   */
  attach(node: number, lines: number, link: LinkEnd<ToNode, FromNode>, pid: number | null = null): void {
    const slot = this.slots.get(node) ?? { node, lines, inUse: 0, draining: false, link: null, pid: null };
    const old = slot.link;
    slot.lines = lines;
    slot.link = link;
    slot.pid = pid;
    slot.inUse = 0;
    slot.draining = false;
    this.slots.set(node, slot);
    link.onMessage((m) => this.fromNode(slot, link, m));
    link.onClose((reason) => this.nodeGone(slot, link, reason));
    link.send({ t: 'online', count: this.announcedOnline });
    this.opts.log.info('node up', { node, lines, pid });
    if (old) {
      this.redialCallsOf(old, node);
      old.close();
    }
    this.retryWaiting();
    this.onlineMayChange();
  }

  /** A node that is declared but not up yet (a worker starting), so it is listed. */
  expect(node: number, lines: number): void {
    if (!this.slots.has(node)) this.slots.set(node, { node, lines, inUse: 0, draining: false, link: null, pid: null });
  }

  nodes(): NodeStatus[] {
    return [...this.slots.values()]
      .sort((a, b) => a.node - b.node)
      .map((s) => ({ node: s.node, lines: s.lines, inUse: s.inUse, free: s.link ? s.lines - s.inUse : 0, draining: s.draining, up: s.link !== null, pid: s.pid }));
  }

  /** Every node of the board: this host's, and with several hosts theirs too as their last heartbeats said, each marked with its host. */
  boardNodes(): NodeStatus[] {
    const hosts = this.opts.hosts;
    if (!hosts) return this.nodes();
    const others = hosts.othersNodes().flatMap((v) =>
      v.nodes.map((n) => ({ ...n, free: n.up && !n.draining ? n.lines - n.inUse : 0, pid: null, host: v.host })),
    );
    return [...this.nodes().map((n) => ({ ...n, host: hosts.hostId })), ...others].sort((a, b) => a.node - b.node);
  }

  /** This host listens now: the other hosts list it in their phone books from its next heartbeat. */
  list(listing: HostListing): void {
    this.listing = listing;
  }

  /** The board's other live hosts, their nodes and numbers, as their last heartbeats said; none without a bus. */
  otherHosts(): HostView[] {
    return this.opts.hosts?.othersNodes() ?? [];
  }

  /** This host's id on the bus; undefined when it is the whole board. */
  get hostId(): string | undefined {
    return this.opts.hosts?.hostId;
  }

  /** No new callers for this node; those on it finish normally. */
  drain(node: number, on = true): boolean {
    const slot = this.slots.get(node);
    if (!slot) return false;
    slot.draining = on;
    this.opts.log.info(on ? 'node draining' : 'node open again', { node });
    if (!on) this.retryWaiting();
    return true;
  }

  /** Callers on this node now, for a drain to wait on. */
  callsOn(node: number): number {
    let n = 0;
    for (const c of this.calls.values()) if (c.link && c.slot?.node === node && !c.finished) n++;
    return n;
  }

  // --- calls ---

  dial(caller: CallerPort): CallHandle {
    const call = new GatewayCall(caller, this.route);
    this.calls.set(call.id, call);
    if (this.closing) this.busy(call);
    else this.place(call, false);
    return call;
  }

  /** Every caller on every node of this host, exact: the gateway sees all of them. */
  roster(): OnlineCaller[] {
    const out: OnlineCaller[] = [];
    for (const c of this.calls.values()) {
      // A caller in a door whose node went away is still on the board: listed at the node they were on.
      if (!c.slot || (!(c.link && c.claimed) && !c.seatAfterDoor) || c.finished) continue;
      out.push({
        sessionId: c.id,
        node: c.slot.node,
        line: c.state?.line ?? 0,
        transport: c.caller.transport,
        userId: c.state?.user?.id ?? null,
        user: c.state?.user?.name ?? null,
        doing: c.state?.doing ?? 'connecting',
        since: new Date(c.state?.since ?? c.connectedAt),
        connectedAt: new Date(c.connectedAt),
      });
    }
    return out.sort((a, b) => a.node - b.node || a.line - b.line);
  }

  /** Every caller on the board: this host's, and with several hosts theirs too, each marked with its host. */
  async boardRoster(): Promise<OnlineCaller[]> {
    const hosts = this.opts.hosts;
    if (!hosts) return this.roster();
    const here = this.roster().map((c) => ({ ...c, host: hosts.hostId }));
    return [...here, ...(await hosts.othersRoster())];
  }

  /** How many callers are placed on a node right now. */
  onlineCount(): number {
    let n = 0;
    for (const c of this.calls.values()) if (((c.link && c.claimed) || c.seatAfterDoor) && !c.finished) n++;
    return n;
  }

  /** Something that may change how many are online happened: the nodes hear the new count once this tick is done. */
  private onlineMayChange(): void {
    if (this.recountDue) return;
    this.recountDue = true;
    setImmediate(() => {
      this.recountDue = false;
      this.announceOnline();
    });
  }

  /** Counted once, and sent to every node only if it changed; the other hosts hear this host's own count at once. */
  private announceOnline(): void {
    const local = this.onlineCount();
    if (local !== this.announcedLocal) {
      this.announcedLocal = local;
      this.opts.hosts?.localChanged();
    }
    const count = local + (this.opts.hosts?.othersCount() ?? 0);
    if (count === this.announcedOnline) return;
    this.announcedOnline = count;
    for (const slot of this.slots.values()) slot.link?.send({ t: 'online', count });
  }

  /** A live event published on this host (a sysop broadcast from the shell, or any node's publish): to every node here and to the other hosts. */
  publish(event: LiveEvent): void {
    this.relay(event);
    this.opts.hosts?.publish(event);
  }

  /** To every node of this host. */
  private relay(event: LiveEvent): void {
    for (const slot of this.slots.values()) slot.link?.send({ t: 'live', event });
  }

  /** Stop placing calls and ask every node to say goodbye to its callers. */
  async shutdown(waitMs = 3000): Promise<void> {
    this.closing = true;
    for (const c of this.calls.values()) {
      if (!c.link) this.busy(c);
      if (c.redialTimer) clearTimeout(c.redialTimer);
    }
    const stopped = [...this.slots.values()]
      .filter((s) => s.link)
      .map(
        (s) =>
          new Promise<void>((resolve) => {
            const link = s.link!;
            const timer = setTimeout(resolve, waitMs);
            link.onMessage((m) => {
              if (m.t === 'stopped') {
                clearTimeout(timer);
                resolve();
              }
            });
            link.onClose(() => {
              clearTimeout(timer);
              resolve();
            });
            link.send({ t: 'shutdown' });
          }),
      );
    await Promise.all(stopped);
    // Once this host's callers are gone: the other hosts hear its goodbye and forget it at once.
    await this.opts.hosts?.close();
  }

  stats(): { calls: number; waiting: number } {
    let waiting = 0;
    for (const c of this.calls.values()) if (c.redialTimer) waiting++;
    return { calls: this.calls.size, waiting };
  }

  // --- internals ---

  private candidates(call: GatewayCall): NodeSlot[] {
    const wanted = call.caller.node;
    return [...this.slots.values()].filter(
      (s) => s.link !== null && !s.draining && s.inUse < s.lines && !call.refusedBy?.has(s.node) && (wanted === undefined || s.node === wanted),
    );
  }

  /** Put a call on a random node with a free line; `redial` when its node went away. */
  private place(call: GatewayCall, redial: boolean): void {
    const free = this.candidates(call);
    if (free.length === 0) {
      if (redial && !this.closing && this.opts.redialWaitMs) return this.waitForLine(call);
      return this.busy(call);
    }
    const slot = free[Math.floor(this.random() * free.length)]!;
    slot.inUse++;
    call.slot = slot;
    call.link = slot.link;
    call.claimed = false;
    const offer: CallOffer = {
      callId: call.id,
      transport: call.caller.transport,
      remote: call.caller.remote,
      terminal: call.caller.terminal,
      user: call.state?.user ?? call.caller.preauthenticated,
      offeredKey: call.caller.offeredKey,
      resumeAt: redial ? (call.state?.resumeAt ?? 'login') : undefined,
      draft: redial ? (call.state?.draft ?? null) : undefined,
    };
    slot.link!.send({ t: 'claim', offer });
  }

  private waitForLine(call: GatewayCall): void {
    call.slot = null;
    call.link = null;
    call.redialTimer = setTimeout(() => {
      call.redialTimer = null;
      this.busy(call);
    }, this.opts.redialWaitMs);
  }

  private retryWaiting(): void {
    for (const c of this.calls.values()) {
      if (!c.redialTimer || this.candidates(c).length === 0) continue;
      clearTimeout(c.redialTimer);
      c.redialTimer = null;
      this.place(c, true);
    }
  }

  private busy(call: GatewayCall): void {
    if (call.finished) return;
    call.finished = true;
    call.slot = null;
    call.link = null;
    this.opts.log.info('busy signal', { transport: call.caller.transport, remote: call.caller.remote, node: call.caller.node });
    try {
      this.opts.onBusy?.(call.caller);
    } catch (err) {
      this.opts.log.error('busy record failed', { err });
    }
    this.onlineMayChange();
    if (!call.hungUp) call.caller.deliver({ type: 'exit', text: this.opts.busyText(call.caller), end: 'busy' });
    this.forgetIfDone(call);
  }

  private input(call: GatewayCall, ev: InputEvent): void {
    if (ev.type === 'handback') return this.handedBack(call, ev);
    if (ev.type === 'hangup') {
      call.hungUp = true;
      if (call.inDoor) this.opts.desk?.hangup(call.id);
      call.inDoor = false;
      call.seatAfterDoor = false;
    }
    if (ev.type === 'line' && call.inDoor && this.opts.desk?.line(call.id, ev.text)) return;
    if (ev.type === 'line') this.opts.desk?.typed?.(call.id);
    if (ev.type === 'open') call.opened = true;
    if (ev.type === 'resize') call.caller.terminal = { ...call.caller.terminal, cols: ev.cols, rows: ev.rows };
    if (call.finished && !call.link) {
      this.forgetIfDone(call);
      return;
    }
    if (call.moving && ev.type === 'line') {
      call.held ??= [];
      if (call.held.length < MAX_QUEUED_INPUT) call.held.push(ev.text.slice(0, MAX_HELD_LINE));
      return;
    }
    if (call.link && call.claimed) {
      call.link.send({ t: 'input', callId: call.id, event: ev });
    } else if (ev.type !== 'resize' && ev.type !== 'open') {
      // open is replayed on claim; the newest size travels in the offer.
      call.queued ??= [];
      if (call.queued.length < MAX_QUEUED_INPUT || ev.type === 'hangup') call.queued.push(ev);
    }
    if (call.hungUp && !call.link) this.forget(call);
  }

  private fromNode(slot: NodeSlot, link: LinkEnd<ToNode, FromNode>, m: FromNode): void {
    if (slot.link !== link) return; // a message from a node's previous life
    switch (m.t) {
      case 'claimed':
        return this.claimed(link, m);
      case 'busy':
        return this.refusedByNode(slot, link, m);
      case 'output':
        return this.nodeOutput(link, m);
      case 'sync': {
        const call = this.calls.get(m.callId);
        if (!call || call.link !== link) return;
        // Bounded here too: the gateway keeps every caller's draft, whatever a node sends. The
        // record itself is made for this message and kept as it is, not copied for every caller.
        m.state.draft = boundDraft(m.state.draft);
        call.state = m.state;
        return;
      }
      case 'ended':
        return this.endedOnNode(slot, link, m);
      case 'live':
        this.publish(m.event);
        return;
      case 'ask-roster':
        return this.answerRoster(link, m);
      case 'ask':
        // Answered even when the gateway has no limits to ask: a null answer is a refusal, not a wait.
        link.send({ t: 'answer', id: m.id, answer: m.ask.kind === 'door-plays' ? (this.opts.desk?.playsNow() ?? []) : (this.opts.limits?.answer(m.ask) ?? null) });
        return;
      case 'ready':
      case 'stopped':
        return;
    }
  }

  /** The node took the call: what the caller did while it was being placed follows, in order. */
  private claimed(link: LinkEnd<ToNode, FromNode>, m: NodeMessage<'claimed'>): void {
    const call = this.calls.get(m.callId);
    if (!call || call.link !== link) return;
    call.claimed = true;
    call.state = call.state ? { ...call.state, line: m.line } : null;
    // Counted before the caller's first key reaches the node, so the first menu they see includes them.
    this.announceOnline();
    if (call.opened) link.send({ t: 'input', callId: call.id, event: { type: 'open' } });
    const queued = call.queued ?? [];
    call.queued = null;
    for (const ev of queued) link.send({ t: 'input', callId: call.id, event: ev });
  }

  /** The node had no free line after all: try the call elsewhere, never on that node again. */
  private refusedByNode(slot: NodeSlot, link: LinkEnd<ToNode, FromNode>, m: NodeMessage<'busy'>): void {
    const call = this.calls.get(m.callId);
    slot.inUse = Math.max(0, slot.inUse - 1);
    if (!call || call.link !== link) return;
    (call.refusedBy ??= new Set()).add(slot.node);
    call.slot = null;
    call.link = null;
    this.place(call, call.state !== null);
  }

  private nodeOutput(link: LinkEnd<ToNode, FromNode>, m: NodeMessage<'output'>): void {
    const call = this.calls.get(m.callId);
    if (!call || call.link !== link || call.hungUp) return;
    if (m.event.type === 'handoff') return this.handOff(link, call, m.event.request);
    if (m.event.type === 'exit') {
      call.finished = true;
      this.onlineMayChange();
    }
    if (call.moving && m.event.type === 'prompt') {
      // The new node asks its first question: from now on lines answer it.
      call.moving = false;
      const held = call.held ?? [];
      call.held = null;
      if (held.length > 0 && m.event.moved === 'same') {
        // The caller already answered this very prompt (their screen shows it): the answer goes on, the prompt is not asked twice.
        for (const text of held) link.send({ t: 'input', callId: call.id, event: { type: 'line', text } });
        return;
      }
      // Typed for a screen this node does not show: dropped, never run as an answer here.
    }
    call.caller.deliver(m.event);
  }

  /** The conversation hands the terminal to a door or another board: the desk runs it here, beside the socket. */
  private handOff(link: LinkEnd<ToNode, FromNode>, call: GatewayCall, request: HandoffRequest): void {
    const desk = this.opts.desk;
    if (!desk || call.inDoor) {
      const handback: Handback = { how: 'refused', note: 'Doors are not open on this board.', seconds: 0 };
      link.send({ t: 'input', callId: call.id, event: { type: 'handback', handback } });
      return;
    }
    call.inDoor = true;
    desk.begin(call, request);
  }

  /** The terminal is back from the desk: to the conversation, or, if its node went away meanwhile, to a new seat. */
  private handedBack(call: GatewayCall, ev: Extract<InputEvent, { type: 'handback' }>): void {
    call.inDoor = false;
    if (call.hungUp) return this.forgetIfDone(call);
    if (call.link && call.claimed) {
      call.link.send({ t: 'input', callId: call.id, event: ev });
      return;
    }
    if (call.seatAfterDoor) {
      call.seatAfterDoor = false;
      this.place(call, true);
    }
  }

  /** The conversation is over: the line is free for a caller waiting for one. */
  private endedOnNode(slot: NodeSlot, link: LinkEnd<ToNode, FromNode>, m: NodeMessage<'ended'>): void {
    slot.inUse = Math.max(0, slot.inUse - 1);
    const call = this.calls.get(m.callId);
    if (!call || call.link !== link) return;
    call.slot = null;
    call.link = null;
    call.finished = true;
    this.onlineMayChange();
    this.forgetIfDone(call);
    this.retryWaiting();
  }

  private answerRoster(link: LinkEnd<ToNode, FromNode>, m: NodeMessage<'ask-roster'>): void {
    if (!this.opts.hosts) {
      const callers = this.roster();
      link.send({ t: 'roster', id: m.id, callers: callers.map(toWire), count: callers.length });
      return;
    }
    this.boardRoster().then(
      (callers) => link.send({ t: 'roster', id: m.id, callers: callers.map(toWire), count: callers.length }),
      (err: unknown) => this.opts.log.error('who is online not gathered', { err }),
    );
  }

  /** A node died or was restarted: keep its callers' connections and redial them elsewhere. */
  private nodeGone(slot: NodeSlot, link: LinkEnd<ToNode, FromNode>, reason: string): void {
    if (slot.link !== link) return;
    slot.link = null;
    slot.inUse = 0;
    slot.pid = null;
    // A node that goes because the board was told to stop is the plan, not a fault for the sysop to look into.
    if (this.closing) {
      this.opts.log.info('node stopped', { node: slot.node });
      return;
    }
    this.opts.log.warn('node down', { node: slot.node, reason });
    this.redialCallsOf(link, slot.node);
    this.onlineMayChange();
  }

  /** Every caller on a node process that is going away hears the line drop and is placed again. */
  private redialCallsOf(link: LinkEnd<ToNode, FromNode>, node: number): void {
    for (const call of [...this.calls.values()]) {
      if (call.link !== link) continue;
      // In a door, the game goes on undisturbed: the call is placed again when it ends.
      if (call.inDoor && !call.hungUp) {
        call.link = null;
        call.claimed = false;
        call.seatAfterDoor = true;
        continue;
      }
      call.slot = null;
      call.link = null;
      call.claimed = false;
      if (call.finished || call.hungUp) {
        this.forget(call);
        continue;
      }
      call.refusedBy = null;
      call.moving = true;
      call.held = null;
      call.queued = null;
      call.caller.deliver({ type: 'screen', text: this.opts.redialText(call.caller) });
      this.opts.log.info('redialing caller', { from: node, user: call.state?.user?.name, resumeAt: call.state?.resumeAt });
      this.place(call, true);
    }
  }

  private forgetIfDone(call: GatewayCall): void {
    if (call.hungUp && !call.link) this.forget(call);
  }

  private forget(call: GatewayCall): void {
    if (call.redialTimer) clearTimeout(call.redialTimer);
    this.calls.delete(call.id);
  }
}
