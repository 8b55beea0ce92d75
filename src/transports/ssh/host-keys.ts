import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ParsedKey } from 'ssh2';
import { sshFingerprint } from './fingerprint.js';
import { encodeOpenSshEd25519, readSimpleHostKey } from './openssh-key.js';

/**
 * The board's SSH host keys, made on first start under DATA/ssh/ and reused
 * ever after: a host key that changes makes every caller's client shout
 * "REMOTE HOST IDENTIFICATION HAS CHANGED". ed25519 is what modern clients
 * pick; RSA is there for old ones. ssh2 reads ed25519 in OpenSSH format and
 * RSA only as PKCS#1 PEM (Node's default PKCS#8 is rejected).
 *
 * The keys are made and checked at start, so a bad key stops the board
 * there and then, but without ssh2 for the keys the board writes itself
 * (openssh-key.ts): ssh2 is loaded with the first SSH caller. A key file
 * in any other shape is still checked by ssh2 at start.
 */

type HostKeyType = 'ed25519' | 'rsa';

interface HostKey {
  type: HostKeyType;
  path: string;
  /** The private key file's contents, as ssh2's `hostKeys` takes them. */
  privateKey: Buffer;
  /** "SHA256:..." as OpenSSH prints it when it first meets the board. */
  fingerprint: string;
  /** One authorized_keys/known_hosts style line: "ssh-ed25519 AAAA...". */
  publicLine: string;
}

export interface HostKeys {
  readonly keys: readonly HostKey[];
  /** Key type to fingerprint, for the start-up log and for callers checking what their client shows. */
  fingerprints(): Record<HostKeyType, string>;
}

export const HOST_KEY_FILES: Readonly<Record<HostKeyType, string>> = {
  ed25519: 'ssh_host_ed25519_key',
  rsa: 'ssh_host_rsa_key',
};

const RSA_BITS = 3072;

export async function loadOrCreateHostKeys(dataDir: string): Promise<HostKeys> {
  const dir = join(dataDir, 'ssh');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await tighten(dir, 0o700);
  const keys: HostKey[] = [];
  for (const type of ['ed25519', 'rsa'] as const) keys.push(await loadOrCreate(join(dir, HOST_KEY_FILES[type]), type));
  return hostKeysOf(keys);
}

function hostKeysOf(keys: readonly HostKey[]): HostKeys {
  return { keys, fingerprints: () => Object.fromEntries(keys.map((k) => [k.type, k.fingerprint])) as Record<HostKeyType, string> };
}

/** A folder of host keys the board did not make and may not change: a shared secret every host of one board reads. */
export class HostKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostKeyError';
  }
}

/**
 * The host keys in a folder shared by every host of one board (a mounted
 * secret, read-only): each of the two files that is there, none written,
 * made or re-moded. A folder with neither stops the start, since keys made
 * here would differ from host to host.
 */
export async function loadSharedHostKeys(dir: string): Promise<HostKeys> {
  const keys: HostKey[] = [];
  for (const type of ['ed25519', 'rsa'] as const) {
    const path = join(dir, HOST_KEY_FILES[type]);
    let pem: Buffer | null;
    try {
      pem = await readIfExists(path);
    } catch (err) {
      throw new HostKeyError(`SSH host key ${path} cannot be read: ${(err as Error).message}`);
    }
    if (pem !== null) keys.push(await keyFrom(path, type, pem));
  }
  if (keys.length === 0)
    throw new HostKeyError(`no SSH host keys in ${dir} (${HOST_KEY_FILES.ed25519}, ${HOST_KEY_FILES.rsa}): copy DATA/ssh of one host there, or make them with ssh-keygen -t ed25519 -N '' -f ${join(dir, HOST_KEY_FILES.ed25519)}`);
  return hostKeysOf(keys);
}

async function loadOrCreate(path: string, type: HostKeyType): Promise<HostKey> {
  let pem = await readIfExists(path);
  if (pem === null) {
    const generated = await generate(type);
    pem = (await publish(path, generated)) ?? generated;
  } else {
    await tighten(path, 0o600);
  }
  const key = await keyFrom(path, type, pem);
  await writeFile(`${path}.pub`, key.publicLine + '\n', { mode: 0o644 }).catch(() => {
    // The public half is a convenience for the sysop; a read-only folder must not stop the board.
  });
  return key;
}

/** A private key file's contents checked for its type, with its public half and fingerprint. */
async function keyFrom(path: string, type: HostKeyType, pem: Buffer): Promise<HostKey> {
  const key = await parsePrivate(pem, path);
  const wantType = type === 'ed25519' ? 'ssh-ed25519' : 'ssh-rsa';
  if (key.type !== wantType) throw new HostKeyError(`SSH host key ${path} is a ${key.type} key, expected ${wantType}`);
  const blob = key.publicSSH;
  return { type, path, privateKey: pem, fingerprint: sshFingerprint(blob), publicLine: `${key.type} ${blob.toString('base64')}` };
}

/**
 * A new ed25519 key in OpenSSH format. Node makes the key pair and the
 * board writes the file, the 32-byte public key whole: ssh2 1.17's own
 * generator strips its leading zero bytes, so about one key in 256 came out
 * 31 bytes long and could not be read back. It is read back here all the
 * same before it is used.
 */
export function generateEd25519(): Buffer {
  // From a random seed, not generateKeyPairSync: Node 20 can deadlock exporting a generated key as
  // JWK when a collection runs inside the export and frees the generating job (it takes the lock the
  // export holds). The seed wrapped as PKCS#8 gives the public key through createPublicKey, no job at all.
  const seed = randomBytes(32);
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const pem = encodeOpenSshEd25519(seed, spki.subarray(spki.length - 32));
  if (readSimpleHostKey(pem)?.publicSSH.length !== ED25519_BLOB_BYTES) throw new Error('could not generate a readable ed25519 key');
  return pem;
}

/** An Ed25519 private key in PKCS#8 DER is this, then the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** "ssh-ed25519" and the 32-byte key, each with its length. */
const ED25519_BLOB_BYTES = 4 + 11 + 4 + 32;

async function generate(type: HostKeyType): Promise<Buffer> {
  if (type === 'ed25519') return generateEd25519();
  // RSA generation takes most of a second: done off the event loop.
  const { privateKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: RSA_BITS,
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return Buffer.from(privateKey);
}

/**
 * Put a new key in place without ever exposing a half-written file, and
 * without overwriting a key another process (a second board on the same
 * folder) put there first: write a private temporary file, then hard-link it
 * to the final name, which fails if the name exists. Returns the key that won.
 */
async function publish(path: string, pem: Buffer): Promise<Buffer | null> {
  // Unique within this process too: two starts in one process can reach here in the same millisecond.
  const tmp = `${path}.${process.pid}.${Date.now()}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, pem, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, path);
    return null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return await readFile(path);
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** The key's type and public half: the board's own formats without ssh2, any other file through ssh2 as before. */
async function parsePrivate(pem: Buffer, path: string): Promise<{ type: string; publicSSH: Buffer }> {
  const simple = readSimpleHostKey(pem);
  if (simple) return simple;
  // ssh2 is CommonJS and Node cannot see its `utils` as a named export: reach it through the default export.
  const { default: ssh2 } = await import('ssh2');
  const parsed = ssh2.utils.parseKey(pem);
  const key = Array.isArray(parsed) ? (parsed as ParsedKey[])[0] : parsed;
  if (!key || key instanceof Error)
    throw new HostKeyError(`SSH host key ${path} cannot be read: ${key instanceof Error ? key.message : 'empty'} (delete it and the board makes a new one; callers' clients will then warn that the host key changed)`);
  if (!key.isPrivateKey()) throw new HostKeyError(`SSH host key ${path} holds no private key`);
  return { type: key.type, publicSSH: key.getPublicSSH() };
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Private keys readable by anyone else are not private; fix loose modes we own, leave what we cannot change. */
async function tighten(path: string, mode: number): Promise<void> {
  await chmod(path, mode).catch(() => {});
}
