/**
 * Account names: what a caller may call themselves. Checked at registration;
 * stored as typed. Control characters, escapes and invisible characters are
 * refused outright, as are names reserved for the board itself and names
 * that mix the Latin, Greek and Cyrillic alphabets (the usual disguise).
 * A name that merely looks like an existing one is caught with the store
 * (users.findLookalike), by the skeleton below.
 */

import { nameSkeleton } from '../store/name-skeleton.js';

export { nameSkeleton };

export const NAME_MIN = 2;
export const NAME_MAX = 20;

const RESERVED = new Set(['new', 'sysop', 'bbs', 'guest', 'all', 'everyone', 'system', 'root', 'admin', 'nobody'].map(nameSkeleton));

/** Letters and digits of any script, with single spaces, dots, dashes and underscores between them. */
const SHAPE = /^[\p{L}\p{N}](?:[\p{L}\p{N}._-]| (?! ))*$/u;

/** Alphabets whose letters pass for each other; a name keeps to one of them. */
const LOOKALIKE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Greek}/u, /\p{Script=Cyrillic}/u];

export type NameProblem = 'empty' | 'short' | 'long' | 'characters' | 'reserved' | 'mixed';

/**
 * Whether a typed name may become an account. `sysopName` (the board's
 * configured sysop account) is let through even when it is a reserved word,
 * so the default sysop, "sysop", can sign up.
 */
export function checkName(raw: string, sysopName?: string): { ok: true; name: string } | { ok: false; problem: NameProblem } {
  const name = raw.normalize('NFC').trim();
  if (!name) return { ok: false, problem: 'empty' };
  const length = [...name].length;
  if (length < NAME_MIN) return { ok: false, problem: 'short' };
  if (length > NAME_MAX) return { ok: false, problem: 'long' };
  if (!SHAPE.test(name)) return { ok: false, problem: 'characters' };
  // By looks, so "5ys0p" is the board's as much as "sysop" is.
  const isSysop = sysopName !== undefined && nameSkeleton(name) === nameSkeleton(sysopName);
  if (RESERVED.has(nameSkeleton(name)) && !isSysop) return { ok: false, problem: 'reserved' };
  if (LOOKALIKE_SCRIPTS.filter((script) => script.test(name)).length > 1) return { ok: false, problem: 'mixed' };
  return { ok: true, name };
}
