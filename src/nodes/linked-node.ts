import type { CallerPort, OfferedKey } from '../session/caller.js';
import type { OutputEvent, Terminal } from '../session/events.js';
import type { SessionUser } from '../session/identity.js';
import type { PasswordGuard } from '../rules/login-guard.js';
import type { Throttle } from '../rules/throttle.js';
import type { Logger } from '../logger.js';
import type { Runner } from '../session/runner.js';
import type { Session } from '../session/session.js';
import type { CallOffer, CallState, FromNode, LinkEnd, ToNode } from './link-protocol.js';
import { LinkAsker } from './link-asker.js';
import { LinkedBus, LinkedRoster } from './linked-bus.js';
import { LinkedDoors, LinkedGuard, LinkedThrottle } from './linked-limits.js';
import type { DoorDirectory } from '../session/handoff.js';
import { Lines } from './lines.js';

interface LinkedNodeHooks {
  live: LinkedBus;
  roster: LinkedRoster;
  /** The gateway's password guard and throttle, asked over the link. */
  guard: PasswordGuard;
  throttle: Throttle;
  /** The doors being played, from the gateway's desk. */
  doors: DoorDirectory;
  onCallEnd: (session: Session) => void;
  onSessionChange: (session: Session) => void;
}

/** A call's port on the node: its output goes back over the link. An object, not a closure per caller. */
class LinkedPort implements CallerPort {
  readonly transport: string;
  readonly remote: string;
  readonly terminal: Terminal;
  readonly preauthenticated: SessionUser | undefined;
  readonly offeredKey: OfferedKey | undefined;
  private readonly callId: string;

  constructor(
    offer: CallOffer,
    private readonly link: LinkEnd<FromNode, ToNode>,
  ) {
    this.transport = offer.transport;
    this.remote = offer.remote;
    this.terminal = offer.terminal;
    this.preauthenticated = offer.user;
    this.offeredKey = offer.offeredKey;
    this.callId = offer.callId;
  }

  deliver(event: OutputEvent): void {
    this.link.send({ t: 'output', callId: this.callId, event });
  }
}

/**
 * A node: a fixed number of lines and the conversations on them. It knows
 * nothing of sockets; calls arrive and leave as link messages from the
 * gateway, and every change a re-seat would need is synced back. The same
 * class runs in the gateway's process (over a local link) and in a worker
 * process (over IPC): only the link differs.
 */
export class LinkedNode {
  readonly lines: Lines;
  private readonly runner: Runner;
  private readonly live: LinkedBus;
  private readonly roster: LinkedRoster;
  private readonly asker: LinkAsker;

  constructor(
    readonly node: number,
    lineCount: number,
    private readonly link: LinkEnd<FromNode, ToNode>,
    buildRunner: (hooks: LinkedNodeHooks) => Runner,
    private readonly log: Logger,
  ) {
    this.lines = new Lines(lineCount);
    const send = (m: FromNode): void => this.link.send(m);
    this.live = new LinkedBus(send, (err) => log.error('live event handler failed', { err }));
    this.roster = new LinkedRoster(send);
    this.asker = new LinkAsker(send);
    this.runner = buildRunner({
      live: this.live,
      roster: this.roster,
      guard: new LinkedGuard(this.asker, log),
      throttle: new LinkedThrottle(this.asker, log),
      doors: new LinkedDoors(this.asker),
      onCallEnd: (s) => this.ended(s),
      onSessionChange: (s) => this.sync(s),
    });
    // The sysop's kick is acted on by whichever node holds the caller.
    this.live.subscribe((ev) => {
      if (ev.kind === 'kick') this.runner.kick(ev.sessionId);
    });
    link.onMessage((m) => this.receive(m));
    link.onClose((reason) => this.asker.failAll(`link closed: ${reason}`));
  }

  /** Tell the gateway this node is up. */
  announce(): void {
    this.link.send({ t: 'ready', node: this.node, lines: this.lines.total, pid: process.pid });
  }

  get active(): number {
    return this.runner.size;
  }

  private receive(m: ToNode): void {
    switch (m.t) {
      case 'claim': {
        const { offer } = m;
        const line = this.lines.claim();
        if (line === null) {
          this.link.send({ t: 'busy', callId: offer.callId });
          return;
        }
        // The runner keeps the call by its id (the gateway's): input for it is routed through the runner's own map.
        this.runner.dial(new LinkedPort(offer, this.link), { callId: offer.callId, line, resumeAt: offer.resumeAt, draft: offer.draft });
        // A node shutting down ends the call at once, and has said so: then it was never claimed.
        if (this.runner.call(offer.callId)) this.link.send({ t: 'claimed', callId: offer.callId, line });
        return;
      }
      case 'input':
        this.runner.call(m.callId)?.input(m.event);
        return;
      case 'live':
        this.live.deliver(m.event);
        return;
      case 'roster':
        this.roster.answer(m.id, m.callers, m.count);
        return;
      case 'online':
        this.roster.setCount(m.count);
        return;
      case 'answer':
        this.asker.answer(m.id, m.answer);
        return;
      case 'shutdown':
        this.runner.shutdown().then(
          () => this.link.send({ t: 'stopped' }),
          (err: unknown) => this.log.error('node shutdown failed', { err }),
        );
        return;
    }
  }

  /** The runner ends each call once, and has let it go by now. */
  private ended(s: Session): void {
    this.lines.release(s.line);
    this.link.send({ t: 'ended', callId: s.id });
  }

  private sync(s: Session): void {
    if (!this.runner.call(s.id)) return;
    const state: CallState = {
      user: s.user,
      resumeAt: s.resumeAt,
      doing: s.doing,
      since: s.doingSinceMs,
      line: s.line,
      connectedAt: s.startedAtMs,
      draft: s.draft,
    };
    this.link.send({ t: 'sync', callId: s.id, state });
  }
}
