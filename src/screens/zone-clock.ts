/**
 * Wall-clock time in a named IANA time zone, for showing stored times (kept
 * in UTC) to a caller in their own zone. Intl formatters are costly to build,
 * so there is one per zone, kept for every zone that passed `isTimeZone` (a
 * fixed list of a few hundred names bounds the map).
 */

interface WallClock {
  /** "2026-11-25" */
  date: string;
  /** "14:05" */
  time: string;
  /** "Tue 1 Dec" */
  day: string;
  /** The zone's short name at that moment: "UTC", "CET", "GMT+1", "EST". */
  zone: string;
}

interface ZoneFormat {
  f: Intl.DateTimeFormat[];
  /** The last minute asked for and its answer: every screen's clock asks for "now", many times a minute. */
  minute: number;
  last: WallClock | null;
}

const formatters = new Map<string, ZoneFormat>();

function formattersFor(zone: string): ZoneFormat {
  let z = formatters.get(zone);
  if (!z) {
    const base = { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' } as const;
    const f = [
      new Intl.DateTimeFormat('en-US', { ...base, weekday: 'short', timeZoneName: 'short' }),
      // en-US names only American zones; British English names Europe's ("CET", "BST") where en-US says "GMT+1".
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' }),
      new Intl.DateTimeFormat('en-US', { timeZone: zone, month: 'short' }),
    ];
    // Only canonical names reach here, a few hundred at most; the cap guards the bound anyway.
    if (formatters.size >= 1024) formatters.clear();
    z = { f, minute: NaN, last: null };
    formatters.set(zone, z);
  }
  return z;
}

let processZone: string | undefined;

/** The board's own zone: the process's (its TZ), or UTC when it has none. */
export function boardZone(): string {
  processZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  return processZone;
}

/** The zone a caller's times are shown in: their own, or the board's. */
export function zoneOf(session: { timeZone: string | null }): string {
  return session.timeZone ?? boardZone();
}

/** Whether `zone` is an IANA zone name this runtime knows ("Europe/Berlin", "UTC"). */
function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling ("europe/berlin" -> "Europe/Berlin"), or null when it is no zone. */
export function canonicalZone(zone: string): string | null {
  if (!isTimeZone(zone)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/** Every zone name the runtime lists, for a caller looking one up. */
export function allZones(): readonly string[] {
  return Intl.supportedValuesOf('timeZone');
}

/** What a wall clock in `zone` showed at `at`. `zone` must have passed `isTimeZone`. */
export function wallClock(at: Date, zone: string): WallClock {
  const z = formattersFor(zone);
  // Every zone's offset is a whole number of minutes, so one minute shows one wall-clock reading.
  const minute = Math.floor(at.getTime() / 60_000);
  if (z.minute === minute && z.last) return z.last;
  const [main, gb, mon] = z.f;
  const p: Record<string, string> = {};
  for (const part of main!.formatToParts(at)) p[part.type] = part.value;
  let name = p.timeZoneName ?? zone;
  if (name.startsWith('GMT')) {
    const british = gb!.formatToParts(at).find((x) => x.type === 'timeZoneName')?.value;
    if (british && /^[A-Z]{2,5}$/.test(british)) name = british;
  }
  if (name === 'GMT' && zone === 'UTC') name = 'UTC';
  z.minute = minute;
  z.last = {
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}`,
    day: `${p.weekday} ${Number(p.day)} ${mon!.format(at)}`,
    zone: name,
  };
  return z.last;
}
