import type { PromptMode } from '../session/events.js';
import type { SessionIO, Vars } from '../session/io.js';
import type { FlowDeps } from './deps.js';
import { loadPreferences } from './preferences.js';

/** Hot keys on: one key answers a menu. Off: the caller types and presses Enter. */
async function menuMode(deps: FlowDeps, userId: number): Promise<PromptMode> {
  return (await loadPreferences(deps, userId)).hotkeys ? 'key' : 'line';
}

/**
 * Show a menu screen (or already rendered text) and return the choice,
 * trimmed and upper-cased. Given the menu's `keys`, only one of them (or
 * Enter) comes back: any other key is answered in one line (wrongKey), and ?
 * draws the menu again.
 */
export async function chooseFrom(io: SessionIO, deps: FlowDeps, userId: number, screen: string | { text: string }, vars: Vars = {}, keys?: string): Promise<string> {
  const opts = { mode: await menuMode(deps, userId), maxLength: 8, vars };
  const show = async (): Promise<string> => (typeof screen === 'string' ? await io.prompt(screen, opts) : await io.ask(screen.text, opts)).trim().toUpperCase();
  let answer = await show();
  while (keys !== undefined && answer !== '' && !(answer.length === 1 && keys.includes(answer))) {
    answer = answer === '?' ? await show() : await wrongKey(io, answer, opts.mode);
  }
  return answer;
}

/**
 * After a key a menu does not have: one line that says so and the prompt
 * again, rather than the whole menu drawn anew under the one still on screen.
 */
export async function wrongKey(io: SessionIO, choice: string, mode: PromptMode): Promise<string> {
  return (await io.prompt('menu_error', { mode, maxLength: 8, vars: { choice } })).trim().toUpperCase();
}

/** A yes/no question as one key. Enter alone gives `byDefault` (the capital letter in the art's "Y/n"). */
export async function confirm(io: SessionIO, screen: string, vars: Vars = {}, byDefault = false): Promise<boolean> {
  const answer = (await io.prompt(screen, { mode: 'key', maxLength: 3, vars })).trim().toLowerCase();
  return answer === '' ? byDefault : answer.startsWith('y');
}

/** After a screen that would scroll away under the next menu: wait for a key. */
export async function pressEnter(io: SessionIO): Promise<void> {
  await io.prompt('press_enter', { mode: 'key', pchar: ' ', maxLength: 1 });
}

/** A number from a list of `count` (1-based), or null for Enter or anything else. */
export function pickNumber(answer: string, count: number): number | null {
  const t = answer.trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= count ? n : null;
}
