/**
 * Account names: what a caller may call themselves. Checked at registration;
 * stored as typed. Control characters, escapes and invisible characters are
 * refused outright, as are names reserved for the board itself and names
 * that mix scripts the way no language does (the usual disguise). A name
 * that merely looks like an existing one is caught with the store
 * (users.findLookalike), by its skeleton.
 */

import { nameKey } from '../store/name-key.js';
import { nameSkeleton } from '../store/name-skeleton.js';
import type { SysopClaim, UserRepository } from '../store/types.js';
import { sysopClaimFor } from './levels.js';
import { listScripts, mixedScripts } from './name-scripts.js';

export { nameSkeleton };

const NAME_MIN = 2;
export const NAME_MAX = 20;

const RESERVED = new Set(['new', 'sysop', 'bbs', 'guest', 'all', 'everyone', 'system', 'root', 'admin', 'nobody'].map(nameSkeleton));

/**
 * Characters that draw as nothing or change how others draw: default
 * ignorables (Hangul fillers, zero-width joiners, variation selectors, tags),
 * format characters (direction overrides), and the blank Braille cell.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]/u;

/**
 * Letters and digits of any script (each with at most two combining marks,
 * which Indic vowel signs need and Zalgo stacks abuse), with single spaces,
 * dots, dashes and underscores between them. It starts with a letter or a
 * digit, so with INVISIBLE refused every name shows at least one.
 */
const SHAPE = /^[\p{L}\p{N}]\p{M}{0,2}(?:[\p{L}\p{N}]\p{M}{0,2}|[._-]| (?! ))*$/u;

type NameProblem = 'empty' | 'short' | 'long' | 'invisible' | 'characters' | 'reserved' | 'mixed';

type NameCheck = { ok: true; name: string } | { ok: false; problem: Exclude<NameProblem, 'mixed'> } | { ok: false; problem: 'mixed'; scripts: string[] };

/** The board's configured sysop account, and whether its seat is still empty (the board has no sysop). */
interface SysopSeat {
  name: string;
  open: boolean;
}

/**
 * Whether a typed name may become an account. The configured sysop name may
 * sign up while the board has no sysop, even when it is a reserved word (so
 * the default sysop, "sysop", can); after that it is the board's. A name
 * that only looks like it is never let in: it could pass for the sysop, and
 * registered first it would keep the real one out as its look-alike.
 */
export function checkName(raw: string, sysop?: SysopSeat): NameCheck {
  const name = raw.normalize('NFC').trim();
  if (!name) return { ok: false, problem: 'empty' };
  const length = [...name].length;
  if (length < NAME_MIN) return { ok: false, problem: 'short' };
  if (length > NAME_MAX) return { ok: false, problem: 'long' };
  if (INVISIBLE.test(name)) return { ok: false, problem: 'invisible' };
  if (!SHAPE.test(name)) return { ok: false, problem: 'characters' };
  // By looks, so "5ys0p" is the board's as much as "sysop" is.
  const skeleton = nameSkeleton(name);
  const seatFor = sysop?.open === true && nameKey(name) === nameKey(sysop.name);
  const looksLikeSysop = sysop !== undefined && skeleton === nameSkeleton(sysop.name);
  if ((looksLikeSysop || RESERVED.has(skeleton)) && !seatFor) return { ok: false, problem: 'reserved' };
  const scripts = mixedScripts(name);
  if (scripts) return { ok: false, problem: 'mixed', scripts };
  return { ok: true, name };
}

export type NameVerdict =
  | { ok: true; name: string; claim: SysopClaim }
  | { ok: false; problem: NameProblem | 'taken' | 'lookalike'; vars: Record<string, string | number> };

/**
 * The whole question a new name answers, on the board and at the shell
 * alike: its own shape, then the accounts already here. `claim` says how the
 * new account may take the sysop's seat; the store decides that in the same
 * transaction as the insert, so the answer here is only the early one.
 */
export async function vetNewName(users: UserRepository, raw: string, sysopName: string | undefined): Promise<NameVerdict> {
  const seat = sysopName === undefined ? undefined : { name: sysopName, open: (await users.countSysops()) === 0 };
  const checked = checkName(raw, seat);
  if (!checked.ok) {
    const scripts = checked.problem === 'mixed' ? listScripts(checked.scripts) : '';
    return { ok: false, problem: checked.problem, vars: { name: raw.trim(), min: NAME_MIN, max: NAME_MAX, scripts } };
  }
  const name = checked.name;
  const claim = sysopClaimFor(name, sysopName);
  // The configured sysop taking the empty seat is not kept out by a
  // look-alike from before look-alikes of it were refused.
  if (claim !== 'configured') {
    const twin = await users.findLookalike(name);
    if (twin) {
      const same = nameKey(twin.name) === nameKey(name);
      return { ok: false, problem: same ? 'taken' : 'lookalike', vars: { name, twin: twin.name } };
    }
  }
  return { ok: true, name, claim };
}
