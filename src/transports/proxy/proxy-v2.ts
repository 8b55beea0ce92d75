/**
 * The PROXY protocol version 2 header (haproxy's doc/proxy-protocol.txt): a
 * load balancer prepends it to a connection to say who the caller really is.
 * Bytes only, no sockets, so every split of a header can be tested.
 *
 *   12 bytes  signature \r\n\r\n\0\r\nQUIT\n
 *    1 byte   version (high nibble, 2) and command (low nibble: 0 LOCAL, 1 PROXY)
 *    1 byte   address family (high nibble: 0 UNSPEC, 1 INET, 2 INET6, 3 UNIX)
 *             and transport (low nibble: 0 UNSPEC, 1 STREAM, 2 DGRAM)
 *    2 bytes  length of what follows, big-endian: the addresses, then TLVs
 */

import { compressIPv6 } from '../limits/connection-limiter.js';

export const PROXY_V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

/** Signature, version and command, family, length. */
const FIXED_BYTES = 16;

/**
 * The most a header may say follows the fixed part. Addresses take 36 bytes
 * at most for the families we serve; the rest is TLVs (ALPN, authority, TLS
 * details, a unique id), which a balancer keeps short. A header claiming more
 * is refused rather than buffered.
 */
const MAX_PROXY_V2_BODY = 1024;

/** The longest header this decoder will hold, fixed part included. */
export const MAX_PROXY_V2_HEADER = FIXED_BYTES + MAX_PROXY_V2_BODY;

const INET_BYTES = 12;
const INET6_BYTES = 36;

export interface ProxiedSource {
  /** As the board writes addresses: dotted IPv4 (also for an IPv4-mapped IPv6 source), compressed lower-case IPv6. */
  readonly address: string;
  readonly port: number;
}

/**
 * `more`: the header is not complete yet. `proxy`: the caller is `source`.
 * `local`: the balancer speaks for itself (a health check) or names no
 * address we serve (AF_UNSPEC): keep the connection's own address. `error`:
 * no valid header, with why. `rest` is what followed the header in the
 * bytes given: the caller's own first bytes.
 */
export type ProxyV2Result =
  | { readonly kind: 'more' }
  | { readonly kind: 'proxy'; readonly source: ProxiedSource; readonly rest: Buffer }
  | { readonly kind: 'local'; readonly rest: Buffer }
  | { readonly kind: 'error'; readonly reason: string };

const MORE: ProxyV2Result = { kind: 'more' };

/** Whether `bytes` begin with the whole v2 signature. */
export function startsWithProxyV2Signature(bytes: Uint8Array): boolean {
  if (bytes.length < PROXY_V2_SIGNATURE.length) return false;
  for (let i = 0; i < PROXY_V2_SIGNATURE.length; i++) if (bytes[i] !== PROXY_V2_SIGNATURE[i]) return false;
  return true;
}

/**
 * Decodes the header at the start of `bytes`, which hold everything the
 * connection has sent so far. Never throws; answers `error` as soon as a byte
 * rules a header out, so a peer that sends something else is not waited for.
 */
export function decodeProxyV2(bytes: Uint8Array): ProxyV2Result {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sigBytes = Math.min(buf.length, PROXY_V2_SIGNATURE.length);
  for (let i = 0; i < sigBytes; i++) {
    if (buf[i] !== PROXY_V2_SIGNATURE[i]) return { kind: 'error', reason: 'no PROXY v2 signature' };
  }
  if (buf.length < 13) return MORE;
  const version = buf[12]! >> 4;
  const command = buf[12]! & 0x0f;
  if (version !== 2) return { kind: 'error', reason: `PROXY protocol version ${version}, expected 2` };
  if (command > 1) return { kind: 'error', reason: `unknown PROXY v2 command ${command}` };
  if (buf.length < FIXED_BYTES) return MORE;
  const family = buf[13]! >> 4;
  const transport = buf[13]! & 0x0f;
  const length = buf.readUInt16BE(14);
  if (length > MAX_PROXY_V2_BODY) return { kind: 'error', reason: `PROXY v2 header of ${FIXED_BYTES + length} bytes, more than ${MAX_PROXY_V2_HEADER}` };
  // Checked before the body arrives: a header we will refuse anyway is not waited for.
  const problem = command === 1 ? unservable(family, transport, length) : null;
  if (problem) return { kind: 'error', reason: problem };
  const end = FIXED_BYTES + length;
  if (buf.length < end) return MORE;
  // Copied, so the caller may keep the rest without pinning a larger chunk.
  const rest = Buffer.from(buf.subarray(end));
  // LOCAL: the spec says to ignore whatever address block it carries, and AF_UNSPEC names none.
  if (command === 0 || family === 0) return { kind: 'local', rest };
  const body = buf.subarray(FIXED_BYTES, end);
  return { kind: 'proxy', source: family === 1 ? inetSource(body) : inet6Source(body), rest };
}

/** Why a PROXY command's family, transport or length cannot be served; null when it can. */
function unservable(family: number, transport: number, length: number): string | null {
  if (family === 0) return null;
  if (family !== 1 && family !== 2) return `PROXY v2 address family ${family} is not served (only INET and INET6)`;
  if (transport !== 1) return `PROXY v2 transport ${transport} is not served (only STREAM)`;
  const need = family === 1 ? INET_BYTES : INET6_BYTES;
  if (length < need) return `PROXY v2 length ${length} is too short for its addresses (${need})`;
  return null;
}

/** Source address, destination address, source port, destination port. */
function inetSource(body: Buffer): ProxiedSource {
  return { address: `${body[0]}.${body[1]}.${body[2]}.${body[3]}`, port: body.readUInt16BE(8) };
}

function inet6Source(body: Buffer): ProxiedSource {
  const port = body.readUInt16BE(32);
  // ::ffff:a.b.c.d is an IPv4 caller: counted and logged as one, as a dual-stack socket's are.
  if (body.subarray(0, 10).every((b) => b === 0) && body.readUInt16BE(10) === 0xffff) return { address: `${body[12]}.${body[13]}.${body[14]}.${body[15]}`, port };
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(body.readUInt16BE(i));
  return { address: compressIPv6(groups), port };
}

/**
 * Reads a header from a connection chunk by chunk. It keeps at most one
 * header's worth of bytes (plus whatever arrived with its last chunk), and
 * once it has answered anything but `more` it answers the same forever.
 */
export class ProxyV2Reader {
  private held: Buffer = Buffer.alloc(0);
  private done: ProxyV2Result | null = null;

  push(chunk: Uint8Array): ProxyV2Result {
    if (this.done) return this.done;
    this.held = this.held.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.held, chunk]);
    const result = decodeProxyV2(this.held);
    if (result.kind === 'more') return result;
    this.held = Buffer.alloc(0);
    this.done = result;
    return result;
  }
}
