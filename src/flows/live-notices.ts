import type { SessionIO, Vars } from '../session/io.js';
import type { LiveBus, LiveEvent } from '../session/live.js';
import type { FlowDeps } from './deps.js';
import { formatClock } from './format.js';
import { zoneOf } from '../screens/zone-clock.js';

/**
 * Show a live screen to this caller if the call is still up. Live events
 * arrive from other callers at any moment, also while this one is typing: the
 * transport lifts their half-typed line, prints, and puts it back.
 */
export function showLive(io: SessionIO, screen: string, vars: Vars): void {
  if (io.ended) return;
  io.print(io.render(screen, vars));
}

/** A page says who sent it; one from a sysop says so, and says when it came through the caller's pages-off. */
function pageScreen(ev: Extract<LiveEvent, { kind: 'page' }>): string {
  if (ev.overrode) return 'page_arrived_override';
  return ev.sysop ? 'page_arrived_sysop' : 'page_arrived';
}

/** One live event as this caller sees it: a broadcast for everyone, a page or new-mail notice only for the account it is for. */
function showNotice(io: SessionIO, ev: LiveEvent): void {
  const me = io.session.user;
  const at = formatClock(new Date(ev.at), zoneOf(io.session));
  switch (ev.kind) {
    case 'broadcast':
      showLive(io, 'broadcast', { from: ev.from, text: ev.text, time: at });
      return;
    case 'page':
      if (me && ev.toUserId === me.id) showLive(io, pageScreen(ev), { from: ev.from, text: ev.text, time: at });
      return;
    case 'mail':
      if (me && ev.toUserId === me.id) showLive(io, 'mail_arrived', { from: ev.from, subject: ev.subject || '(no subject)', time: at });
      return;
    default:
      return;
  }
}

/**
 * For the whole call: the sysop's broadcasts reach everyone on the board,
 * logged in or not; pages and new-mail notices reach the logged-in caller
 * they are for, in every call they have open. Released when the call ends.
 */
export function listenForNotices(io: SessionIO, deps: FlowDeps): void {
  io.onEnd(deps.live.subscribe((ev: LiveEvent) => showNotice(io, ev)));
}

/**
 * Callers at the opening prompt, whose conversations have not started, each
 * with what their conversation takes over when it starts (its call-log row).
 * One live subscription serves all of them rather than one each, so a
 * broadcast still reaches a caller who has not typed a name; subscribed while
 * anyone waits. One map for both: thousands may wait at once.
 */
export class OpeningCallers<T> {
  private readonly callers = new Map<SessionIO, T>();
  private off: (() => void) | null = null;

  constructor(private readonly live: LiveBus) {}

  join(io: SessionIO, kept: T): void {
    this.callers.set(io, kept);
    this.off ??= this.live.subscribe((ev) => this.tell(ev));
  }

  /** Replace what is kept for a caller still waiting, if it is still `was`. */
  replace(io: SessionIO, was: T, now: T): void {
    if (this.callers.get(io) === was) this.callers.set(io, now);
  }

  /** The caller's conversation starts (or never will): what was kept for it, if it was waiting. */
  leave(io: SessionIO): T | undefined {
    const kept = this.callers.get(io);
    if (!this.callers.delete(io) || this.callers.size > 0) return kept;
    this.off?.();
    this.off = null;
    return kept;
  }

  private tell(ev: LiveEvent): void {
    for (const io of this.callers.keys()) showNotice(io, ev);
  }
}
