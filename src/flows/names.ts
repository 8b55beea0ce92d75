/**
 * Account names: what a caller may call themselves. Checked at registration;
 * stored as typed. Control characters, escapes and invisible characters are
 * refused outright, as are names reserved for the board itself.
 */

export const NAME_MIN = 2;
export const NAME_MAX = 20;

const RESERVED = new Set(['new', 'sysop', 'bbs', 'guest', 'all', 'everyone', 'system', 'root', 'admin', 'nobody']);

/** Letters and digits of any script, with single spaces, dots, dashes and underscores between them. */
const SHAPE = /^[\p{L}\p{N}](?:[\p{L}\p{N}._-]| (?! ))*$/u;

export type NameProblem = 'empty' | 'short' | 'long' | 'characters' | 'reserved';

export function checkName(raw: string): { ok: true; name: string } | { ok: false; problem: NameProblem } {
  const name = raw.normalize('NFC').trim();
  if (!name) return { ok: false, problem: 'empty' };
  const length = [...name].length;
  if (length < NAME_MIN) return { ok: false, problem: 'short' };
  if (length > NAME_MAX) return { ok: false, problem: 'long' };
  if (!SHAPE.test(name)) return { ok: false, problem: 'characters' };
  if (RESERVED.has(name.toLowerCase())) return { ok: false, problem: 'reserved' };
  return { ok: true, name };
}
