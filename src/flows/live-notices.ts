import type { SessionIO, Vars } from '../session/io.js';
import type { LiveEvent } from '../session/live.js';
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

/**
 * For the whole call: the sysop's broadcasts reach everyone on the board,
 * logged in or not; pages and new-mail notices reach the logged-in caller
 * they are for, in every call they have open. Released when the call ends.
 */
export function listenForNotices(io: SessionIO, deps: FlowDeps): void {
  const off = deps.live.subscribe((ev: LiveEvent) => {
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
  });
  io.onEnd(off);
}
