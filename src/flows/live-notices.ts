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
 * Callers at the opening prompt, whose conversations have not started: one
 * subscription for all of them rather than one each, so a broadcast still
 * reaches a caller who has not typed a name. Subscribed while anyone waits.
 */
export class OpeningAudience {
  private readonly callers = new Set<SessionIO>();
  private off: (() => void) | null = null;

  constructor(private readonly live: LiveBus) {}

  join(io: SessionIO): void {
    this.callers.add(io);
    this.off ??= this.live.subscribe((ev) => this.tell(ev));
  }

  leave(io: SessionIO): void {
    if (!this.callers.delete(io) || this.callers.size > 0) return;
    this.off?.();
    this.off = null;
  }

  private tell(ev: LiveEvent): void {
    for (const io of this.callers) showNotice(io, ev);
  }
}
