import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import ssh2 from 'ssh2';
import { ConfigError, loadConfig } from '../config/config.js';
import { neutralizeLine } from '../screens/neutralize.js';
import type { StorePlace } from '../store/board-store.js';
import type { Store } from '../store/types.js';
import { storeForCommand } from './command-store.js';
import type { SshKey, User } from '../store/types.js';
import { sshFingerprint } from '../transports/ssh/fingerprint.js';

const DATA_OPTION = `Options:
  --data DIR   the board's data folder [./data]; env BBS_DATA
  --help       show this help`;

const HELP: Record<'key' | 'add' | 'list' | 'remove', string> = {
  key: `Usage: bbs key add USER (KEYFILE|-)
       bbs key list USER
       bbs key remove USER (FINGERPRINT|ID)

Link SSH public keys to board accounts: a caller whose client offers a linked
key logs in with "ssh USER@host" and no password. Callers can also link the
key their client offers by answering yes after a password login over SSH.
Works while the board is running.

${DATA_OPTION}`,
  add: `Usage: bbs key add USER (KEYFILE|-)

Link every public key in KEYFILE (an id_*.pub file or authorized_keys lines;
"-" reads standard input) to the account USER. A key logs in one account
only. Never give a private key.

${DATA_OPTION}`,
  list: `Usage: bbs key list USER

The SSH keys linked to USER, oldest first, with the id "bbs key remove" takes.

${DATA_OPTION}`,
  remove: `Usage: bbs key remove USER (FINGERPRINT|ID)

Unlink one key from USER, named by its fingerprint (as "bbs key list" or
"ssh-keygen -lf" print it) or by its id.

${DATA_OPTION}`,
};

/** Where the command writes and reads; the real console and stdin unless a test says otherwise. */
export interface KeyCommandIO {
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => Promise<string>;
}

const MAX_KEY_FILE = 1024 * 1024;

const consoleIO: KeyCommandIO = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readStdin: () => readStream(process.stdin),
};

/** `bbs key ...`: exit status 0 on success, 1 when the board says no, 2 for a usage mistake. */
export function key(argv: string[]): Promise<number> {
  return runKeyCommand(argv, consoleIO, process.env);
}

export async function runKeyCommand(argv: string[], io: KeyCommandIO, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [sub, ...args] = positionals;
  const which = sub === 'add' || sub === 'list' || sub === 'remove' ? sub : null;
  if (values.help) {
    io.out(HELP[which ?? 'key']);
    return 0;
  }
  if (!which) {
    io.err(sub ? `bbs key: unknown subcommand '${sub}'\n\n${HELP.key}` : HELP.key);
    return 2;
  }
  const wanted = which === 'list' ? 1 : 2;
  if (args.length !== wanted) {
    io.err(`bbs key ${which}: expected ${wanted === 1 ? 'USER' : which === 'add' ? 'USER and KEYFILE' : 'USER and FINGERPRINT or ID'}\n\n${HELP[which]}`);
    return 2;
  }

  let place: StorePlace;
  try {
    place = await loadConfig({ flags: { data: values.data }, env });
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`bbs key: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const store = await storeForCommand('key', place, (line) => io.err(line));
  if (!store) return 1;
  try {
    const user = await store.users.findByName(args[0]!);
    if (!user) {
      io.err(`bbs key: no user named '${neutralizeLine(args[0]!)}'`);
      return 1;
    }
    if (which === 'list') return await list(store, user, io);
    if (which === 'remove') return await remove(store, user, args[1]!, io);
    return await add(store, user, args[1]!, io);
  } finally {
    await store.close();
  }
}

async function add(store: Store, user: User, source: string, io: KeyCommandIO): Promise<number> {
  let text: string;
  try {
    text = source === '-' ? await io.readStdin() : await readKeyFile(source);
  } catch (err) {
    io.err(`bbs key add: cannot read ${source}: ${(err as Error).message}`);
    return 1;
  }
  if (/PRIVATE KEY/.test(text)) {
    io.err(`bbs key add: ${source} holds a private key; give the public one (the .pub file)`);
    return 1;
  }
  const parsed = parsePublicKeys(text);
  if (parsed.keys.length === 0 && parsed.errors.length === 0) {
    io.err(`bbs key add: no public key found in ${source}`);
    return 1;
  }
  let failed = parsed.errors.length;
  for (const e of parsed.errors) io.err(`bbs key add: ${source}: ${e}`);
  for (const k of parsed.keys) {
    const result = await store.sshKeys.add({ userId: user.id, algo: k.algo, fingerprint: k.fingerprint, keyBlob: k.blob, comment: k.comment, at: new Date() });
    if (result.ok) {
      io.out(`linked ${k.fingerprint} (${k.algo}) to ${user.name} as key ${result.key.id}`);
      continue;
    }
    const holder = await store.sshKeys.findByFingerprint(k.fingerprint);
    if (holder?.userId === user.id) {
      io.out(`${k.fingerprint} is already linked to ${user.name}`);
      continue;
    }
    const other = holder ? await store.users.findById(holder.userId) : null;
    io.err(`bbs key add: ${k.fingerprint} is already linked to ${other ? other.name : 'another account'}`);
    failed++;
  }
  return failed > 0 ? 1 : 0;
}

async function list(store: Store, user: User, io: KeyCommandIO): Promise<number> {
  const keys = await store.sshKeys.listForUser(user.id);
  if (keys.length === 0) {
    io.out(`${user.name} has no SSH keys.`);
    return 0;
  }
  const idWidth = Math.max(2, ...keys.map((k) => String(k.id).length));
  const algoWidth = Math.max(4, ...keys.map((k) => k.algo.length));
  const row = (id: string, algo: string, fp: string, added: string, comment: string): string =>
    `${id.padStart(idWidth)}  ${algo.padEnd(algoWidth)}  ${fp.padEnd(50)}  ${added.padEnd(16)}  ${comment}`.trimEnd();
  io.out(row('ID', 'TYPE', 'FINGERPRINT', 'ADDED (UTC)', 'COMMENT'));
  for (const k of keys) io.out(row(String(k.id), k.algo, k.fingerprint, k.createdAt.toISOString().slice(0, 16).replace('T', ' '), neutralizeLine(k.comment ?? '')));
  return 0;
}

async function remove(store: Store, user: User, which: string, io: KeyCommandIO): Promise<number> {
  const keys = await store.sshKeys.listForUser(user.id);
  const wanted = which.trim();
  const fingerprint = wanted.startsWith('SHA256:') ? wanted : `SHA256:${wanted}`;
  const match: SshKey | undefined = /^\d+$/.test(wanted) ? keys.find((k) => k.id === Number(wanted)) : keys.find((k) => k.fingerprint === fingerprint);
  if (!match || !(await store.sshKeys.remove(user.id, match.id))) {
    io.err(`bbs key remove: ${user.name} has no key '${neutralizeLine(wanted)}' (see bbs key list ${user.name})`);
    return 1;
  }
  io.out(`removed ${match.fingerprint} (${match.algo}) from ${user.name}`);
  return 0;
}

interface PublicKey {
  algo: string;
  blob: Buffer;
  fingerprint: string;
  comment: string | null;
}

/** A key type, base64, and the rest as comment; authorized_keys options in front are skipped. */
const KEY_LINE = /(?:^|\s)((?:ssh|ecdsa|sk-ssh|sk-ecdsa)-[\w@.-]+)\s+([A-Za-z0-9+/]+={0,3})(?:\s+(.*))?$/;

/** Every public key line in an id_*.pub or authorized_keys text, checked by parsing it. */
export function parsePublicKeys(text: string): { keys: PublicKey[]; errors: string[] } {
  const keys: PublicKey[] = [];
  const errors: string[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = KEY_LINE.exec(line);
    const parsed = m ? ssh2.utils.parseKey(`${m[1]} ${m[2]}`) : null;
    if (!m || !parsed || parsed instanceof Error || Array.isArray(parsed)) {
      errors.push(`line ${i + 1} is not an SSH public key${parsed instanceof Error ? ` (${parsed.message})` : ''}`);
      continue;
    }
    const blob = parsed.getPublicSSH();
    keys.push({ algo: parsed.type, blob, fingerprint: sshFingerprint(blob), comment: m[3]?.trim() || null });
  }
  return { keys, errors };
}

async function readKeyFile(path: string): Promise<string> {
  const bytes = await readFile(path);
  if (bytes.length > MAX_KEY_FILE) throw new Error('larger than 1 MiB; that is not a key file');
  return bytes.toString('utf8');
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > MAX_KEY_FILE) throw new Error('more than 1 MiB on standard input; that is not a key');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}
