import { canonicalZone } from '../screens/zone-clock.js';
import type { UserSettings } from '../store/types.js';
import type { FlowDeps } from './deps.js';

/**
 * A caller's own settings, kept as one JSON object per user
 * (store.userSettings) and read tolerantly: a value this version does not
 * understand counts as unset, never as an error at login.
 */
export interface Preferences {
  /** 'auto' trusts what the caller's client reported. */
  color: 'auto' | 'on' | 'off';
  /** 'auto' trusts the client; 'ansi-bbs' is CP437, 16 colours, 80 columns (SyncTERM and friends). */
  terminal: 'auto' | 'modern' | 'ansi-bbs';
  /** One key answers a menu; off: type the choice and press Enter. */
  hotkeys: boolean;
  /** Screen size override; null follows the client. */
  cols: number | null;
  rows: number | null;
  /** Whether other callers may page this one. */
  pages: boolean;
  /** Expert menus: a one-line prompt instead of the full menu; ? shows it. */
  expert: boolean;
  /** The IANA zone times are shown in ("Europe/Berlin"); null: the board's own. */
  timeZone: string | null;
  /** How messages are written: the full-screen editor (where the terminal can draw it), line by line, or as the board's default ('auto'). */
  editor: 'auto' | 'full' | 'line';
}

export const DEFAULT_PREFERENCES: Readonly<Preferences> = Object.freeze({ color: 'auto', terminal: 'auto', hotkeys: true, cols: null, rows: null, pages: true, expert: false, timeZone: null, editor: 'auto' });

export const SIZE_LIMITS = { cols: { min: 40, max: 255 }, rows: { min: 10, max: 120 } } as const;

// The choices and helpers live here, not in parsePreferences: the main menu reads the preferences on every key.
const COLORS = ['auto', 'on', 'off'] as const;
const TERMINALS = ['auto', 'modern', 'ansi-bbs'] as const;
const EDITORS = ['auto', 'full', 'line'] as const;

const oneOf = <T extends string>(v: unknown, choices: readonly T[], fallback: T): T => (choices.includes(v as T) ? (v as T) : fallback);
const size = (v: unknown, limits: { min: number; max: number }): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v >= limits.min && v <= limits.max ? v : null;

/** The settings object the store keeps, read tolerantly (see Preferences). */
export function parsePreferences(s: UserSettings): Preferences {
  return {
    color: oneOf(s.color, COLORS, DEFAULT_PREFERENCES.color),
    terminal: oneOf(s.terminal, TERMINALS, DEFAULT_PREFERENCES.terminal),
    hotkeys: typeof s.hotkeys === 'boolean' ? s.hotkeys : DEFAULT_PREFERENCES.hotkeys,
    cols: size(s.cols, SIZE_LIMITS.cols),
    rows: size(s.rows, SIZE_LIMITS.rows),
    pages: typeof s.pages === 'boolean' ? s.pages : DEFAULT_PREFERENCES.pages,
    expert: typeof s.expert === 'boolean' ? s.expert : DEFAULT_PREFERENCES.expert,
    // A zone the runtime no longer knows (an older tz database) falls back to the board's.
    timeZone: typeof s.timeZone === 'string' ? canonicalZone(s.timeZone) : DEFAULT_PREFERENCES.timeZone,
    editor: oneOf(s.editor, EDITORS, DEFAULT_PREFERENCES.editor),
  };
}

export async function loadPreferences(deps: FlowDeps, userId: number): Promise<Preferences> {
  return parsePreferences(await deps.store.userSettings.get(userId));
}

export async function savePreferences(deps: FlowDeps, userId: number, patch: Partial<Preferences>): Promise<Preferences> {
  return parsePreferences(await deps.store.userSettings.update(userId, { ...patch }));
}
