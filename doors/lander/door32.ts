import { readFile, stat } from 'node:fs/promises';

/**
 * DOOR32.SYS, the drop file of modern doors: eleven lines, one fact each.
 * Boards add lines after the eleventh now and then; they are ignored.
 */
export interface Door32 {
  /** 0 local, 1 serial, 2 telnet. */
  commType: number;
  commHandle: number;
  baud: number;
  /** BBSID: the board software's name (Mongrel BBS writes "Mongrel BBS"). */
  bbsName: string;
  userRecord: number;
  realName: string;
  alias: string;
  securityLevel: number;
  minutesLeft: number;
  /** 0 ASCII, 1 ANSI, 2 Avatar, 3 RIP, 4 MaxGfx: everything but 0 understands ANSI. */
  emulation: number;
  node: number;
}

export type Door32Result = { ok: true; door: Door32 } | { ok: false; error: string };

/** A real DOOR32.SYS is a few hundred bytes; anything past this is not one. */
const MAX_BYTES = 16 * 1024;
const MAX_NAME = 40;

const NUMBERS = {
  commType: { line: 1, what: 'comm type', max: 9 },
  commHandle: { line: 2, what: 'comm handle', max: 2 ** 31 },
  baud: { line: 3, what: 'baud rate', max: 2 ** 31 },
  userRecord: { line: 5, what: 'user record', max: 2 ** 31 },
  securityLevel: { line: 8, what: 'security level', max: 65535 },
  minutesLeft: { line: 9, what: 'time left in minutes', max: 100000 },
  emulation: { line: 10, what: 'emulation', max: 9 },
  node: { line: 11, what: 'node', max: 65535 },
} as const;

/** The name as a terminal may show it: no control or escape characters, trimmed, capped. */
function cleanName(raw: string): string {
  return [...raw.replace(/[\p{Cc}\p{Cf}]/gu, '').trim()].slice(0, MAX_NAME).join('');
}

function readNumber(lines: string[], key: keyof typeof NUMBERS): number | string {
  const { line, what, max } = NUMBERS[key];
  const text = lines[line - 1]?.trim() ?? '';
  if (!/^\d{1,10}$/.test(text)) return `line ${line} (${what}) should be a whole number, not ${JSON.stringify(text.slice(0, 20))}`;
  const value = Number(text);
  if (value > max) return `line ${line} (${what}) is out of range: ${value}`;
  return value;
}

/** Reads the text of a DOOR32.SYS; every problem is named by its line. */
export function parseDoor32(text: string): Door32Result {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length < 11) return { ok: false, error: `a DOOR32.SYS has 11 lines, this one ${lines.length}` };
  const numbers: Partial<Record<keyof typeof NUMBERS, number>> = {};
  for (const key of Object.keys(NUMBERS) as (keyof typeof NUMBERS)[]) {
    const value = readNumber(lines, key);
    if (typeof value === 'string') return { ok: false, error: value };
    numbers[key] = value;
  }
  const realName = cleanName(lines[5]!);
  const alias = cleanName(lines[6]!) || realName;
  if (!alias) return { ok: false, error: 'lines 6 and 7 (real name and alias) are both empty' };
  return {
    ok: true,
    door: {
      ...(numbers as Record<keyof typeof NUMBERS, number>),
      bbsName: cleanName(lines[3]!),
      realName: realName || alias,
      alias,
    },
  };
}

/** UTF-8 when the bytes are UTF-8; else Latin-1, so an old board's single-byte names still read as letters. */
function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

export async function readDoor32(path: string): Promise<Door32Result> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, error: `${path} is not a file` };
    if (info.size > MAX_BYTES) return { ok: false, error: `${path} is ${info.size} bytes: too big for a DOOR32.SYS` };
    const parsed = parseDoor32(decode(await readFile(path)));
    return parsed.ok ? parsed : { ok: false, error: `${path}: ${parsed.error}` };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${code ?? String(err)})` };
  }
}
