import type { Terminal } from '../session/events.js';
import type { SessionIO } from '../session/io.js';
import type { Session } from '../session/session.js';
import type { Preferences } from './preferences.js';

const FIELDS = ['cols', 'rows', 'colorLevel', 'encoding', 'ansiBbs'] as const;

interface Applied {
  /** What the client itself reported, kept so an override can be undone. */
  client: Terminal;
  /** What the board last set. */
  set: Terminal;
}

/**
 * Per call, what the client reported before the caller's overrides. Keyed by
 * the session so it goes when the call goes; it is re-derived at every login,
 * so nothing here needs to follow a caller to another node.
 */
const seen = new WeakMap<Session, Applied>();

/** The caller's terminal with their preferences over what the client reported. */
export function terminalFor(client: Terminal, prefs: Preferences): Terminal {
  const t = { ...client };
  if (prefs.terminal === 'ansi-bbs') Object.assign(t, { encoding: 'cp437', ansiBbs: true, colorLevel: 1, cols: 80 });
  if (prefs.terminal === 'modern') Object.assign(t, { encoding: 'utf8', ansiBbs: false, colorLevel: Math.max(client.colorLevel, 1) });
  if (prefs.color === 'off') t.colorLevel = 0;
  if (prefs.color === 'on' && t.colorLevel === 0) t.colorLevel = 1;
  if (prefs.cols !== null) t.cols = prefs.cols;
  if (prefs.rows !== null) t.rows = prefs.rows;
  return t;
}

/** Apply preferences to the call; the transport is told only when something changes. */
export function applyPreferences(io: SessionIO, prefs: Preferences): void {
  io.session.timeZone = prefs.timeZone;
  const now = io.session.terminal;
  let state = seen.get(io.session);
  if (!state) {
    state = { client: { ...now }, set: { ...now } };
    seen.set(io.session, state);
  }
  // Whatever differs from what the board set came from the client since (a window resize): the new truth.
  for (const k of FIELDS) if (now[k] !== state.set[k]) (state.client as unknown as Record<string, unknown>)[k] = now[k];
  const want = terminalFor(state.client, prefs);
  state.set = { ...want };
  if (FIELDS.some((k) => want[k] !== now[k])) io.setTerminal(want);
}

/** What the client reported, for the settings screen ("auto (80x24)"). */
export function clientTerminal(io: SessionIO): Readonly<Terminal> {
  return seen.get(io.session)?.client ?? io.session.terminal;
}
