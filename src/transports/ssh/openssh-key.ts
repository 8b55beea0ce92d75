import { randomBytes } from 'node:crypto';

/**
 * The two host key files the board writes, read and written without ssh2:
 * ed25519 in OpenSSH's own format and RSA as PKCS#1 PEM. Loading ssh2 costs
 * megabytes (its key parser pulls in its whole crypto layer), and an idle
 * board should not pay that before anyone calls over SSH.
 *
 * The reader takes only the plain, well-formed shapes of these two formats,
 * and takes them exactly as ssh2's parser does, so a key it accepts is one
 * ssh2 accepts with the same public key. Anything else (another format, an
 * encrypted key, a malformed one) gets `null`, and the caller asks ssh2,
 * whose answer and error messages stay the authority.
 */

interface SimpleHostKey {
  /** "ssh-ed25519" or "ssh-rsa", as ssh2 names them. */
  type: 'ssh-ed25519' | 'ssh-rsa';
  /** The public key in SSH wire format, as ssh2's `getPublicSSH()` gives it. */
  publicSSH: Buffer;
}

// The same patterns ssh2's parser matches, on the same trimmed text.
const OPENSSH_PEM = /^-----BEGIN OPENSSH PRIVATE KEY-----(?:\r\n|\n)([\s\S]+)(?:\r\n|\n)-----END OPENSSH PRIVATE KEY-----$/;
const PKCS1_RSA_PEM = /^-----BEGIN RSA PRIVATE KEY-----(?:\r\n|\n)([A-Za-z0-9+/=\r\n]+)(?:\r\n|\n)-----END RSA PRIVATE KEY-----$/;
const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/** A host key in one of the two plain shapes, or null for "let ssh2 decide". */
export function readSimpleHostKey(file: Buffer): SimpleHostKey | null {
  const text = file.toString('utf8').trim();
  const openssh = OPENSSH_PEM.exec(text);
  if (openssh) return readOpenSshEd25519(Buffer.from(openssh[1]!, 'base64'));
  // ssh2 tries the OpenSSH pattern first; an RSA PEM cannot match it.
  const rsa = PKCS1_RSA_PEM.exec(text);
  if (rsa) return readPkcs1Rsa(Buffer.from(rsa[1]!, 'base64'));
  return null;
}

/** A fresh ed25519 key in OpenSSH format, unencrypted and without a comment, as ssh2's generator writes it. */
export function encodeOpenSshEd25519(seed: Uint8Array, publicKey: Uint8Array): Buffer {
  if (seed.length !== 32 || publicKey.length !== 32) throw new Error('an ed25519 key is 32 bytes of seed and 32 of public key');
  const pub = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(publicKey)]);
  const check = randomBytes(4);
  const unpadded = Buffer.concat([check, check, pub, sshString(Buffer.concat([seed, publicKey])), sshString(Buffer.alloc(0))]);
  const padding = Buffer.from(Array.from({ length: (8 - (unpadded.length % 8)) % 8 }, (_, i) => i + 1));
  const body = Buffer.concat([
    MAGIC,
    sshString(Buffer.from('none')),
    sshString(Buffer.from('none')),
    sshString(Buffer.alloc(0)),
    uint32(1),
    sshString(pub),
    sshString(Buffer.concat([unpadded, padding])),
  ]);
  const lines = body.toString('base64').match(/.{1,64}/g)!;
  return Buffer.from(`-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`);
}

/** Reads SSH wire fields with ssh2's bounds: a string needs its 4-byte length and every byte it claims. */
class Fields {
  pos = 0;
  constructor(private readonly buf: Buffer) {}

  string(): Buffer | null {
    const left = this.buf.length - this.pos;
    if (this.pos >= this.buf.length || left < 4) return null;
    const len = this.buf.readUInt32BE(this.pos);
    if (left < 4 + len) return null;
    const start = this.pos + 4;
    this.pos = start + len;
    return this.buf.subarray(start, this.pos);
  }

  get atEnd(): boolean {
    return this.pos === this.buf.length;
  }
}

/** `openssh-key-v1`, no cipher, no KDF, one ed25519 key, checkints equal, padding 1, 2, 3 ... */
function readOpenSshEd25519(data: Buffer): SimpleHostKey | null {
  if (data.length < 31 || !data.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const outer = new Fields(data);
  outer.pos = MAGIC.length;
  if (!is(outer.string(), 'none') || !is(outer.string(), 'none')) return null;
  const kdfOptions = outer.string();
  if (kdfOptions === null || kdfOptions.length !== 0) return null;
  if (outer.pos + 3 >= data.length || data.readUInt32BE(outer.pos) !== 1) return null;
  outer.pos += 4;
  const outerPublic = outer.string();
  if (outerPublic === null || new Fields(outerPublic).string() === null) return null;
  const priv = outer.string();
  if (priv === null || !outer.atEnd || priv.length < 8 || priv.readUInt32BE(0) !== priv.readUInt32BE(4)) return null;
  const inner = new Fields(priv);
  inner.pos = 8;
  if (!is(inner.string(), 'ssh-ed25519')) return null;
  const publicKey = inner.string();
  const secret = inner.string();
  const comment = inner.string();
  if (publicKey === null || publicKey.length !== 32 || secret === null || secret.length !== 64 || comment === null) return null;
  for (let i = inner.pos, n = 1; i < priv.length; i++, n++) if (priv[i] !== n % 255) return null;
  return { type: 'ssh-ed25519', publicSSH: Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(publicKey)]) };
}

/**
 * PKCS#1 RSAPrivateKey, strict DER: a SEQUENCE holding a one-byte version
 * and then the modulus and public exponent, which are all ssh2 reads.
 */
function readPkcs1Rsa(der: Buffer): SimpleHostKey | null {
  const reader = new Der(der);
  if (!reader.enter(0x30)) return null;
  const version = reader.take(0x02);
  if (version === null || version.length !== 1) return null;
  const n = reader.take(0x02);
  const e = reader.take(0x02);
  if (n === null || n.length === 0 || e === null || e.length === 0) return null;
  return { type: 'ssh-rsa', publicSSH: Buffer.concat([sshString(Buffer.from('ssh-rsa')), sshString(e), sshString(n)]) };
}

/** Just enough DER: definite lengths that fit in what is left, nothing else. */
class Der {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  /** Step into a constructed value with this tag. */
  enter(tag: number): boolean {
    return this.header(tag) !== null;
  }

  /** The contents of a primitive value with this tag. */
  take(tag: number): Buffer | null {
    const len = this.header(tag);
    if (len === null) return null;
    const value = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return value;
  }

  private header(tag: number): number | null {
    if (this.pos + 2 > this.buf.length || this.buf[this.pos] !== tag) return null;
    let p = this.pos + 1;
    let len = this.buf[p++]!;
    if (len & 0x80) {
      const bytes = len & 0x7f;
      if (bytes === 0 || bytes > 3 || p + bytes > this.buf.length) return null;
      len = 0;
      for (let i = 0; i < bytes; i++) len = len * 256 + this.buf[p++]!;
    }
    if (len > this.buf.length - p) return null;
    this.pos = p;
    return len;
  }
}

function is(field: Buffer | null, text: string): boolean {
  return field !== null && field.toString('latin1') === text;
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function sshString(bytes: Uint8Array): Buffer {
  return Buffer.concat([uint32(bytes.length), bytes]);
}
