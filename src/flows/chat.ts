import { neutralize } from '../screens/neutralize.js';
import { textBlock, type TextBlock } from '../screens/text-block.js';
import { textWidth, wrapText } from '../screens/text-width.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { formatClock } from './format.js';
import { showLive } from './live-notices.js';
import { holdBack, type HoldRule } from '../rules/hold-back.js';
import { waitText } from './wait-text.js';
import { zoneOf } from '../screens/zone-clock.js';

/** The teleconference: one room for the whole board, on every node. */
const CHAT_ROOM = 'main';
/** What who's online says of a caller in the room; /who finds them by it. */
const CHAT_DOING = 'in the chat room';
const CHAT_LINE_MAX = 240;
/** Lines a caller may say in a burst: enough for a quick exchange, too few to flood the room. */
export const CHAT_BURST = { lines: 5, seconds: 5 };
/**
 * Per account and per address, however often the caller leaves and comes
 * back: a fresh visit is no fresh allowance. An address may hold a few
 * accounts (a household, a club), so it gets twice the room.
 */
const CHAT_LINES: HoldRule = {
  kind: 'chat',
  user: { limit: CHAT_BURST.lines, windowMs: CHAT_BURST.seconds * 1000 },
  address: { limit: CHAT_BURST.lines * 2, windowMs: CHAT_BURST.seconds * 1000 },
};
/**
 * Arrivals the room is told of, per account (and twice that per address), in
 * ten minutes. Past that a caller comes and goes quietly: the others are not
 * told each time, so walking in and out cannot flood them either.
 */
export const CHAT_ANNOUNCED = { arrivals: 4, minutes: 10 };
const CHAT_PRESENCE: HoldRule = {
  kind: 'chat-presence',
  user: { limit: CHAT_ANNOUNCED.arrivals, windowMs: CHAT_ANNOUNCED.minutes * 60_000 },
  address: { limit: CHAT_ANNOUNCED.arrivals * 2, windowMs: CHAT_ANNOUNCED.minutes * 60_000 },
};

const COMMANDS = new Set(['/quit', '/q', '/exit', '/bye', '/help', '/?', '/who', '/me']);

/**
 * Live chat. Lines from the others appear as they are said, above the line
 * this caller is typing. Each line shows once, as the room says it, to the
 * speaker too: what they typed leaves the screen on Enter, and their line
 * comes back from the room in its place, in the same order everyone sees.
 * Commands start with a slash; "//" sends a line that starts with one.
 */
export async function chatRoom(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('chat', CHAT_DOING);
  io.screen('chat_intro', { others: await othersInRoom(io, deps) });
  const off = deps.live.subscribe((ev) => {
    if (ev.kind === 'chat' && ev.room === CHAT_ROOM) {
      const time = formatClock(new Date(ev.at), zoneOf(io.session));
      const lead = ev.action ? `${time} * ${ev.from} ` : `${time} ${ev.from}: `;
      showLive(io, ev.action ? 'chat_action' : 'chat_line', { from: ev.from, text: wrapUnder(io, ev.text, lead), time });
    }
    // Your own arrival is no news to you (the bus may hand it back to its publisher on any node).
    else if (ev.kind === 'chat-presence' && ev.room === CHAT_ROOM && ev.name !== user.name) showLive(io, ev.joined ? 'chat_joined' : 'chat_left', { name: ev.name, time: formatClock(new Date(ev.at), zoneOf(io.session)) });
  });
  // A quiet arrival leaves quietly too: the room never hears of a departure without the arrival.
  const quietFor = await holdBack(deps.throttle, { userId: user.id, remote: io.session.remote }, CHAT_PRESENCE);
  const announced = quietFor === null;
  if (announced) deps.live.publish({ kind: 'chat-presence', room: CHAT_ROOM, name: user.name, joined: true, at: io.now().getTime() });
  else io.screen('chat_quiet', { wait: waitText(quietFor) });
  const say = async (text: string, action: boolean): Promise<void> => {
    const wait = await holdBack(deps.throttle, { userId: user.id, remote: io.session.remote }, CHAT_LINES);
    if (wait !== null) {
      io.screen('chat_slow_down', { lines: CHAT_BURST.lines, seconds: CHAT_BURST.seconds, wait: waitText(wait) });
      return;
    }
    deps.live.publish({ kind: 'chat', room: CHAT_ROOM, from: user.name, text, action, at: io.now().getTime() });
  };
  try {
    for (;;) {
      const text = (await io.ask('', { pchar: '|08[|15{{name}}|08]|07 ', vars: { name: user.name }, maxLength: CHAT_LINE_MAX, transient: true, resumes: true })).trim();
      if (text === '') continue;
      if (text.startsWith('//')) {
        await say(text.slice(1), false);
        continue;
      }
      if (!text.startsWith('/')) {
        await say(text, false);
        continue;
      }
      const command = text.split(/\s/, 1)[0]!.toLowerCase();
      const rest = text.slice(command.length).trim();
      if (!COMMANDS.has(command)) io.screen('chat_unknown', { command });
      else if (command === '/who') io.screen('chat_who', { others: await othersInRoom(io, deps) });
      else if (command === '/help' || command === '/?') io.screen('chat_help');
      else if (command === '/me') {
        if (rest) await say(rest, true);
        else io.screen('chat_help');
      } else return;
    }
  } finally {
    off();
    if (announced) deps.live.publish({ kind: 'chat-presence', room: CHAT_ROOM, name: user.name, joined: false, at: io.now().getTime() });
  }
}

/** Who else is in the room, on any node, as one line. */
/**
 * A chat line may be three screens wide; screens are cropped at the edge, so
 * the text is wrapped to the caller's width first, its later rows under its
 * first (where the default art starts the text, after `lead`).
 */
function wrapUnder(io: SessionIO, text: string, lead: string): TextBlock {
  const cols = io.session.terminal.cols;
  const indent = textWidth(lead);
  // Too narrow to indent (a phone held upright): full-width rows instead.
  if (cols - indent - 1 < 20) return textBlock(wrapText(neutralize(text), cols - 1).join('\n'));
  return textBlock(wrapText(neutralize(text), cols - indent - 1).join(`\n${' '.repeat(indent)}`));
}

async function othersInRoom(io: SessionIO, deps: FlowDeps): Promise<string> {
  const names = (await deps.roster.online()).filter((c) => c.doing === CHAT_DOING && c.user !== null && c.sessionId !== io.session.id).map((c) => c.user!);
  return names.length ? [...new Set(names)].join(', ') : 'nobody yet';
}
