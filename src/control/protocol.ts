import type { NodeStatus } from '../nodes/gateway.js';
import type { OnlineCallerWire } from '../nodes/link-protocol.js';

/**
 * The sysop's shell talks to the running board over a Unix socket in the
 * data folder (only the board's own user can open it): one JSON request
 * line, one JSON answer line.
 */
export const CONTROL_SOCKET = 'control.sock';

export type ControlRequest =
  | { cmd: 'who' }
  | { cmd: 'nodes' }
  | { cmd: 'ports' }
  | { cmd: 'drain'; node: number; on: boolean }
  | { cmd: 'restart'; node: number }
  | { cmd: 'broadcast'; text: string; from: string }
  | { cmd: 'kick'; sessionId: string; by: string };

/** A port the board really listens on (port 0 in the settings becomes the one picked at start). */
export interface ListeningPort {
  transport: string;
  address: string;
  port: number;
}

export type ControlAnswer =
  | { ok: true; callers?: OnlineCallerWire[]; nodes?: NodeStatus[]; ports?: ListeningPort[]; message?: string }
  | { ok: false; error: string };

export const MAX_CONTROL_LINE = 8192;

/** Check a request read from the socket; a string says what is wrong with it. */
export function parseControlRequest(line: string): ControlRequest | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (typeof v !== 'object' || v === null) return 'not an object';
  const r = v as Record<string, unknown>;
  // A safe integer only: 1e300 is an "integer" too, and names no node.
  const node = (): number | null => (Number.isSafeInteger(r.node) && (r.node as number) > 0 ? (r.node as number) : null);
  switch (r.cmd) {
    case 'who':
    case 'nodes':
    case 'ports':
      return { cmd: r.cmd };
    case 'drain': {
      const n = node();
      return n === null ? 'drain needs a node number' : { cmd: 'drain', node: n, on: r.on !== false };
    }
    case 'restart': {
      const n = node();
      return n === null ? 'restart needs a node number' : { cmd: 'restart', node: n };
    }
    case 'broadcast':
      if (typeof r.text !== 'string' || !r.text.trim()) return 'broadcast needs text';
      return { cmd: 'broadcast', text: r.text.slice(0, 300), from: typeof r.from === 'string' ? r.from.slice(0, 40) : 'sysop' };
    case 'kick':
      if (typeof r.sessionId !== 'string') return 'kick needs a session id';
      return { cmd: 'kick', sessionId: r.sessionId, by: typeof r.by === 'string' ? r.by.slice(0, 40) : 'sysop' };
    default:
      return `unknown command ${JSON.stringify(r.cmd)}`;
  }
}
