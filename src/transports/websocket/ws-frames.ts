/**
 * The browser wire, as a pure codec. Binary frames carry terminal bytes both
 * ways (UTF-8); text frames carry small JSON control messages. Kept free of
 * `ws` so every rule here is testable byte for byte.
 */

/** Control messages are tiny; anything longer is hostile or broken. */
export const MAX_CONTROL_BYTES = 256;
export const MAX_COLS = 500;
export const MAX_ROWS = 300;

/** Client to server. */
type ClientControl = { type: 'resize'; cols: number; rows: number };

export type ByeReason = 'exit' | 'shutdown' | 'slow' | 'error' | 'busy';

/** Server to client. */
export type ServerControl =
  | { type: 'hello'; board: string }
  | { type: 'busy'; board: string; message: string }
  | { type: 'bye'; reason: ByeReason };

/** One client frame, classified. Never thrown: a hostile peer gets `invalid`. */
type ClientFrame =
  | { kind: 'keys'; bytes: Uint8Array }
  | { kind: 'control'; message: ClientControl }
  | { kind: 'invalid'; error: string };

export function classifyClientFrame(data: Uint8Array, isBinary: boolean): ClientFrame {
  if (isBinary) return { kind: 'keys', bytes: data };
  const parsed = parseClientControl(data);
  return parsed.ok ? { kind: 'control', message: parsed.message } : { kind: 'invalid', error: parsed.error };
}

type ParseResult = { ok: true; message: ClientControl } | { ok: false; error: string };

export function parseClientControl(data: Uint8Array | string): ParseResult {
  const size = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (size > MAX_CONTROL_BYTES) return { ok: false, error: 'control message too long' };
  let text: string;
  try {
    text = typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return { ok: false, error: 'control message is not UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'control message is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'control message is not an object' };
  }
  const obj = value as Record<string, unknown>;
  if (obj.type !== 'resize') return { ok: false, error: 'unknown control message type' };
  // Strict shape: an unexpected key means a client we do not understand.
  for (const key of Object.keys(obj)) {
    if (key !== 'type' && key !== 'cols' && key !== 'rows') return { ok: false, error: `unexpected key ${JSON.stringify(key).slice(0, 40)}` };
  }
  const { cols, rows } = obj;
  if (!isIntIn(cols, 1, MAX_COLS)) return { ok: false, error: `cols must be an integer 1-${MAX_COLS}` };
  if (!isIntIn(rows, 1, MAX_ROWS)) return { ok: false, error: `rows must be an integer 1-${MAX_ROWS}` };
  return { ok: true, message: { type: 'resize', cols, rows } };
}

export function encodeServerControl(message: ServerControl): string {
  return JSON.stringify(message);
}

function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** Node numbers as the directory lists them; four digits, like the JSON route `@bbs.N`. */
export const MAX_NODE = 9999;

/**
 * The node a tab dialled, from the upgrade URL's `?node=N` (the directory's
 * "phone number" for one node). `undefined`: any node with a free line.
 */
export function parseNodeParam(url: string | undefined): { ok: true; node?: number } | { ok: false; error: string } {
  const q = url?.indexOf('?') ?? -1;
  if (!url || q === -1) return { ok: true };
  const params = new URLSearchParams(url.slice(q + 1));
  const all = params.getAll('node');
  if (all.length === 0) return { ok: true };
  const value = all[0]!;
  if (all.length > 1 || !/^[1-9]\d{0,3}$/.test(value)) return { ok: false, error: `node must be one number 1-${MAX_NODE}` };
  return { ok: true, node: Number(value) };
}
