import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { stringify } from 'yaml';
import { parseFileAreas } from '../../src/config/file-areas.js';
import { FileLibrary } from '../../src/files/file-library.js';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import type { SecurityLevel } from '../../src/store/types.js';
import { sshFingerprint } from '../../src/transports/ssh/fingerprint.js';
import { seedHostKeys } from './spawned-board.js';

export interface FileAreasSeed {
  /** The config's `files:` list, as the YAML has it. */
  areas: Array<Record<string, unknown>>;
  /** The account SFTP logs in as, with an OpenSSH public key linked to it. */
  account: { name: string; password: string; level: SecurityLevel; publicKey: string };
  /** Files put in the areas through the file library, as the sysop's import does: [path on disk, area name]. */
  files: Array<[string, string]>;
  /** More for the store or the folders, before the store is closed. */
  more?: (seeded: { library: FileLibrary; store: SqliteStore }) => Promise<void>;
}

/**
 * A data folder for a board with file areas, made before the board starts
 * (SQLite is then the seed's alone): the config, host keys, a sysop, the
 * account with its key linked, and the files in their areas. Returns the
 * account's id.
 */
export async function seedFileAreas(data: string, seed: FileAreasSeed): Promise<number> {
  await writeFile(join(data, 'bbs.yaml'), stringify({ files: seed.areas }));
  await seedHostKeys(data);
  const areas = parseFileAreas(seed.areas, (m) => {
    throw new Error(m);
  });
  const store = openSqliteStore(join(data, 'bbs.db'));
  try {
    return await fill(store, areas, data, seed);
  } finally {
    await store.close();
  }
}

async function fill(store: SqliteStore, areas: ReturnType<typeof parseFileAreas>, data: string, seed: FileAreasSeed): Promise<number> {
  if (!(await store.users.create('Sysop', `${seed.account.password}-sysop`)).ok) throw new Error('no sysop');
  const made = await store.users.create(seed.account.name, seed.account.password);
  if (!made.ok) throw new Error(`no account ${seed.account.name}: ${made.reason}`);
  await store.users.setLevel(made.user.id, seed.account.level);
  const parsed = ssh2.utils.parseKey(await readFile(seed.account.publicKey));
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('not one public key');
  const linked = await store.sshKeys.add({ userId: made.user.id, algo: parsed.type, fingerprint: sshFingerprint(parsed.getPublicSSH()), keyBlob: parsed.getPublicSSH(), at: new Date() });
  if (!linked.ok) throw new Error('key not linked');
  const library = new FileLibrary({ store, areas, data, log: silentLogger });
  await library.prepare();
  for (const [path, areaName] of seed.files) {
    const area = areas.find((a) => a.name === areaName);
    const placed = area ? await library.importFile(path, area) : { ok: false as const, reason: `no area ${areaName}` };
    if (!placed.ok) throw new Error(`${path} not imported: ${placed.reason}`);
  }
  await seed.more?.({ library, store });
  return made.user.id;
}

/** Options for OpenSSH's sftp that keep the test's or bench's own keys and config out of it. */
export function sftpOptions(port: number, privateKey: string): string[] {
  return [
    '-F', '/dev/null',
    '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'LogLevel=ERROR',
    '-o', 'IdentityAgent=none',
    '-o', 'BatchMode=yes',
    '-o', 'IdentitiesOnly=yes',
    '-i', privateKey,
    '-P', String(port),
  ];
}
