/**
 * The Mongrel2 JSON-socket wire, byte for byte, with no I/O:
 *   client -> server   '@' PATH ' ' JSON-OBJECT 0x00   (many per connection)
 *   server -> client   base64(UTF-8 JSON) 0x00
 * A frame may arrive split over many reads, or several in one read.
 */

/** Mongrel2 read requests into a 4096-byte buffer; a longer frame is refused, as it was there. */
export const MAX_FRAME_BYTES = 4096;
const MAX_PATH_BYTES = 128;
const NUL = 0x00;
const POLICY_REQUEST = '<policy-file-request/>';

export type FrameError = 'too-large' | 'not-a-frame' | 'bad-path' | 'bad-utf8' | 'not-json' | 'not-an-object';

export type DecodedFrame =
  | { kind: 'message'; path: string; body: Record<string, unknown> }
  | { kind: 'policy' }
  | { kind: 'error'; error: FrameError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a byte stream into frames. After the first error it decodes nothing
 * more: the connection is to be answered and closed.
 */
export class FrameDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private failed = false;

  constructor(private readonly maxFrame = MAX_FRAME_BYTES) {}

  push(chunk: Uint8Array): DecodedFrame[] {
    if (this.failed) return [];
    const out: DecodedFrame[] = [];
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (data.length > 0) {
      const nul = data.indexOf(NUL);
      const piece = nul === -1 ? data : data.subarray(0, nul);
      // Reject a frame that cannot be one as soon as its first byte shows it, before its size:
      // the same bytes must get the same answer however the network cut them.
      if (this.size === 0 && piece.length > 0 && piece[0] !== 0x40 && piece[0] !== 0x3c) return this.fail(out, 'not-a-frame');
      if (this.size + piece.length > this.maxFrame) return this.fail(out, 'too-large');
      if (nul === -1) {
        this.parts.push(Buffer.from(piece));
        this.size += piece.length;
        break;
      }
      const frame = this.parts.length ? Buffer.concat([...this.parts, piece]) : piece;
      this.parts = [];
      this.size = 0;
      data = data.subarray(nul + 1);
      if (frame.length === 0) continue; // a stray NUL between frames carries nothing
      const decoded = decodeFrame(frame);
      out.push(decoded);
      if (decoded.kind === 'error') {
        this.failed = true;
        return out;
      }
    }
    return out;
  }

  private fail(out: DecodedFrame[], error: FrameError): DecodedFrame[] {
    this.failed = true;
    this.parts = [];
    this.size = 0;
    out.push({ kind: 'error', error });
    return out;
  }
}

export function decodeFrame(frame: Uint8Array): DecodedFrame {
  let text: string;
  try {
    text = utf8.decode(frame);
  } catch {
    return { kind: 'error', error: 'bad-utf8' };
  }
  if (text === POLICY_REQUEST) return { kind: 'policy' };
  if (text[0] !== '@') return { kind: 'error', error: 'not-a-frame' };
  const space = text.indexOf(' ');
  if (space === -1 || space > MAX_PATH_BYTES) return { kind: 'error', error: 'bad-path' };
  const path = text.slice(0, space);
  if (!/^@[\x21-\x7e]+$/.test(path)) return { kind: 'error', error: 'bad-path' };
  let body: unknown;
  try {
    body = JSON.parse(text.slice(space + 1));
  } catch {
    return { kind: 'error', error: 'not-json' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { kind: 'error', error: 'not-an-object' };
  return { kind: 'message', path, body: body as Record<string, unknown> };
}

export type Reply =
  | { type: 'screen'; msg: string }
  /** `mode` is ours (secret: mask the input; key: one key will do); the original client ignores keys it does not know. */
  | { type: 'prompt'; msg: string; pchar: string; mode?: 'secret' | 'key' }
  | { type: 'exit'; msg: string };

/** One reply on the wire: base64 of its UTF-8 JSON, then a NUL. */
export function encodeReply(reply: Reply): Buffer {
  const b64 = Buffer.from(JSON.stringify(reply), 'utf8').toString('base64');
  const out = Buffer.allocUnsafe(b64.length + 1);
  out.write(b64, 0, 'latin1');
  out[b64.length] = NUL;
  return out;
}

/** The legacy Flash cross-domain policy answer, NUL-terminated like every reply. */
export function policyReply(): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?><!DOCTYPE cross-domain-policy SYSTEM "http://www.adobe.com/xml/dtds/cross-domain-policy.dtd">' +
      '<cross-domain-policy><allow-access-from domain="*" to-ports="*"/></cross-domain-policy>\0',
    'utf8',
  );
}
