import { HOST_ID } from '../config/config.js';
import type { LiveEvent } from '../session/live.js';
import type { OnlineCallerWire } from './link-protocol.js';

/**
 * What board hosts say to each other on the bus, and the checks every
 * message from the bus passes before the board acts on it. Another host is
 * a peer, not the board itself: a message that is too big, not JSON, or not
 * one of these shapes is dropped, never half-used.
 */

/** A live event as it crosses hosts: which host published it. */
interface BusEvent {
  host: string;
  event: LiveEvent;
}

/** One node of a host as the others need it: for the busy signal, `bbs nodes` and the phone book. */
export interface HostNode {
  node: number;
  lines: number;
  inUse: number;
  up: boolean;
  draining: boolean;
}

/** A host's "phone numbers": the name callers reach it by, and the ports it listens on. */
export interface HostListing {
  name: string;
  ports: Array<{ transport: string; port: number }>;
  /** Where its HTTP port serves the WebSocket; null without one. */
  wsPath: string | null;
}

/**
 * A host's heartbeat: it is alive, has this many callers, these nodes with
 * their lines, and is reached at these numbers. `bye`: it is stopping,
 * forget it now.
 */
export interface Heartbeat {
  host: string;
  /** Differs for each start of a host, so two processes given one host id can be told apart. */
  instance: string;
  count: number;
  nodes?: HostNode[];
  listing?: HostListing;
  bye?: boolean;
}

/** One host's answer to "who is online". */
interface RosterReply {
  host: string;
  callers: OnlineCallerWire[];
}

/** A chat line, page or mail notice is a few hundred bytes; this leaves room for a long line of UTF-8. */
export const MAX_EVENT_BYTES = 16 * 1024;
/** Room for a host's 64 nodes (the most one runs) and its ports. */
export const MAX_HEARTBEAT_BYTES = 8 * 1024;
export const MAX_BEAT_NODES = 64;
const MAX_BEAT_PORTS = 16;
/** A host's callers in one answer; a host with more lists the first ones (its count still says how many). */
export const MAX_ROSTER_CALLERS = 2000;
export const MAX_ROSTER_BYTES = 1024 * 1024 - 4096;
const MAX_TEXT = 4096;
const MAX_NAME = 200;

/** The subjects of one board: derived from its name, so two boards on one NATS server never hear each other. */
export interface BoardSubjects {
  live: string;
  hosts: string;
  who: string;
}

export function boardSubjects(boardName: string): BoardSubjects {
  const token =
    boardName
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'board';
  const base = `bbs.${token}`;
  return { live: `${base}.live`, hosts: `${base}.hosts`, who: `${base}.who` };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** JSON bytes, or null when they would pass `max` (the receiver would drop them anyway). */
export function encode(value: unknown, max: number): Uint8Array | null {
  const bytes = encoder.encode(JSON.stringify(value));
  return bytes.length > max ? null : bytes;
}

/** What a message from the bus holds, or why it is dropped. */
type Parsed<T> = { ok: true; value: T } | { ok: false; why: string };

function decode(bytes: Uint8Array, max: number): Parsed<Record<string, unknown>> {
  if (bytes.length > max) return { ok: false, why: `larger than ${max} bytes` };
  let v: unknown;
  try {
    v = JSON.parse(decoder.decode(bytes));
  } catch {
    return { ok: false, why: 'not JSON' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, why: 'not an object' };
  return { ok: true, value: v as Record<string, unknown> };
}

const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isName = (v: unknown): v is string => isText(v, MAX_NAME);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isId = (v: unknown): v is number => Number.isSafeInteger(v);
const isHost = (v: unknown): v is string => typeof v === 'string' && HOST_ID.test(v);

/** A live event of a known kind with every field of the right type; anything else is null. */
function checkLiveEvent(v: unknown): LiveEvent | null {
  if (typeof v !== 'object' || v === null) return null;
  const e = v as Record<string, unknown>;
  if (!isTime(e.at)) return null;
  switch (e.kind) {
    case 'chat':
      return isName(e.room) && isName(e.from) && isText(e.text) && typeof e.action === 'boolean'
        ? { kind: 'chat', room: e.room, from: e.from, text: e.text, action: e.action, at: e.at }
        : null;
    case 'chat-presence':
      return isName(e.room) && isName(e.name) && typeof e.joined === 'boolean' ? { kind: 'chat-presence', room: e.room, name: e.name, joined: e.joined, at: e.at } : null;
    case 'page':
      if (!isId(e.toUserId) || !isName(e.from) || !isText(e.text)) return null;
      return { kind: 'page', toUserId: e.toUserId, from: e.from, text: e.text, at: e.at, ...(e.sysop === true ? { sysop: true } : {}), ...(e.overrode === true ? { overrode: true } : {}) };
    case 'broadcast':
      return isName(e.from) && isText(e.text) ? { kind: 'broadcast', from: e.from, text: e.text, at: e.at } : null;
    case 'mail':
      return isId(e.toUserId) && isName(e.from) && isText(e.subject) ? { kind: 'mail', toUserId: e.toUserId, from: e.from, subject: e.subject, at: e.at } : null;
    case 'kick':
      return isName(e.sessionId) && isName(e.by) ? { kind: 'kick', sessionId: e.sessionId, by: e.by, at: e.at } : null;
    default:
      return null;
  }
}

export function parseBusEvent(bytes: Uint8Array): Parsed<BusEvent> {
  const d = decode(bytes, MAX_EVENT_BYTES);
  if (!d.ok) return d;
  if (!isHost(d.value.host)) return { ok: false, why: 'no host id' };
  const event = checkLiveEvent(d.value.event);
  return event ? { ok: true, value: { host: d.value.host, event } } : { ok: false, why: 'not a live event' };
}

const isCount = (v: unknown): v is number => isId(v) && v >= 0;
const isPort = (v: unknown): v is number => isId(v) && v > 0 && v <= 65535;

function checkNode(v: unknown): HostNode | null {
  if (typeof v !== 'object' || v === null) return null;
  const n = v as Record<string, unknown>;
  if (!isCount(n.node) || n.node === 0 || !isCount(n.lines) || !isCount(n.inUse) || typeof n.up !== 'boolean' || typeof n.draining !== 'boolean') return null;
  return { node: n.node, lines: n.lines, inUse: Math.min(n.inUse, n.lines), up: n.up, draining: n.draining };
}

function checkListing(v: unknown): HostListing | null {
  if (typeof v !== 'object' || v === null) return null;
  const l = v as Record<string, unknown>;
  if (!isName(l.name) || l.name === '' || !Array.isArray(l.ports) || l.ports.length > MAX_BEAT_PORTS) return null;
  if (!(l.wsPath === null || (isName(l.wsPath) && l.wsPath.startsWith('/')))) return null;
  const ports: HostListing['ports'] = [];
  for (const p of l.ports as unknown[]) {
    const e = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    if (!isName(e.transport) || !isPort(e.port)) return null;
    ports.push({ transport: e.transport, port: e.port });
  }
  return { name: l.name, ports, wsPath: l.wsPath };
}

/** A heartbeat's nodes and listing are all well formed or the whole beat is dropped: a host is never half-listed. */
export function parseHeartbeat(bytes: Uint8Array): Parsed<Heartbeat> {
  const d = decode(bytes, MAX_HEARTBEAT_BYTES);
  if (!d.ok) return d;
  const { host, instance, count, bye, nodes, listing } = d.value;
  if (!isHost(host) || !isName(instance) || !isCount(count)) return { ok: false, why: 'not a heartbeat' };
  const beat: Heartbeat = { host, instance, count, ...(bye === true ? { bye: true } : {}) };
  if (nodes !== undefined) {
    if (!Array.isArray(nodes) || nodes.length > MAX_BEAT_NODES) return { ok: false, why: 'not a list of nodes' };
    const checked = nodes.map(checkNode);
    if (checked.some((n) => n === null)) return { ok: false, why: 'a node in the heartbeat is malformed' };
    beat.nodes = checked as HostNode[];
  }
  if (listing !== undefined) {
    const checked = checkListing(listing);
    if (!checked) return { ok: false, why: 'the listing in the heartbeat is malformed' };
    beat.listing = checked;
  }
  return { ok: true, value: beat };
}

function checkCaller(v: unknown): OnlineCallerWire | null {
  if (typeof v !== 'object' || v === null) return null;
  const c = v as Record<string, unknown>;
  if (!isName(c.sessionId) || !isId(c.node) || !isId(c.line) || !isName(c.transport) || !isText(c.doing, MAX_NAME)) return null;
  if (!(c.userId === null || isId(c.userId)) || !(c.user === null || isName(c.user))) return null;
  if (!isTime(c.since) || !isTime(c.connectedAt)) return null;
  return { sessionId: c.sessionId, node: c.node, line: c.line, transport: c.transport, userId: c.userId, user: c.user, doing: c.doing, since: c.since, connectedAt: c.connectedAt };
}

export function parseRosterReply(bytes: Uint8Array): Parsed<RosterReply> {
  const d = decode(bytes, MAX_ROSTER_BYTES);
  if (!d.ok) return d;
  const { host, callers } = d.value;
  if (!isHost(host) || !Array.isArray(callers) || callers.length > MAX_ROSTER_CALLERS) return { ok: false, why: 'not a roster' };
  const checked: OnlineCallerWire[] = [];
  for (const c of callers) {
    const ok = checkCaller(c);
    if (!ok) return { ok: false, why: 'a caller in the roster is malformed' };
    checked.push(ok);
  }
  return { ok: true, value: { host, callers: checked } };
}
