import { textBlock } from '../screens/text-block.js';
import { allZones, boardZone, canonicalZone, wallClock } from '../screens/zone-clock.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { loadPreferences, savePreferences } from './preferences.js';
import { applyPreferences } from './terminal-prefs.js';

/** Longest answer: the longest IANA names are about 30 characters. */
const ANSWER_MAX = 40;
/** Matches listed at most; a longer list asks for more of the name instead of scrolling a phone-book past. */
const LISTED_MAX = 24;
/** Searches in a row before the caller is sent back to the settings. */
const TRIES = 5;

/** Zones whose name holds every word of the search, in any case; spaces and underscores alike ("new york"). */
function searchZones(query: string): string[] {
  const words = query.toLowerCase().replace(/_/g, ' ').split(/[\s]+/).filter(Boolean);
  if (words.length === 0) return [];
  return allZones().filter((z) => {
    const name = z.toLowerCase().replace(/_/g, ' ');
    return words.every((w) => name.includes(w));
  });
}

/**
 * Ask for the caller's time zone: a full IANA name is taken as typed (in any
 * case), part of a name lists the zones that hold it, one match is taken,
 * `auto` goes back to the board's zone, Enter keeps what they have.
 */
export async function chooseTimeZone(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  const current = (await loadPreferences(deps, user.id)).timeZone;
  for (let i = 0; i < TRIES; i++) {
    const answer = (await io.prompt('settings_timezone', { maxLength: ANSWER_MAX, vars: { current: current ?? `the board's, ${boardZone()}`, board_zone: boardZone() } })).trim();
    if (answer === '') return;
    if (/^(auto|a)$/i.test(answer)) return save(io, deps, user, null);
    const exact = canonicalZone(answer);
    if (exact) return save(io, deps, user, exact);
    const found = searchZones(answer);
    if (found.length === 1) return save(io, deps, user, found[0]!);
    if (found.length === 0) io.screen('settings_timezone_bad', { answer });
    else if (found.length > LISTED_MAX) io.screen('settings_timezone_many', { answer, count: found.length });
    else io.screen('settings_timezone_list', { count: found.length, zones: textBlock(found.join('\n')) });
  }
}

async function save(io: SessionIO, deps: FlowDeps, user: User, timeZone: string | null): Promise<void> {
  applyPreferences(io, await savePreferences(deps, user.id, { timeZone }));
  const zone = timeZone ?? boardZone();
  const now = wallClock(io.now(), zone);
  io.screen('settings_timezone_saved', { timezone: zone, name: now.zone, clock: now.time });
}
