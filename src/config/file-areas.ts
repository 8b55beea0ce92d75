import { SECURITY_LEVELS, type SecurityLevel } from '../store/types.js';

type Fail = (message: string) => never;

/** One file area (a file base): where its files live, who may see, fetch and add them, and how much. */
export interface FileAreaDefinition {
  /** Short key stored with each file and used as the folder name on SFTP: lower-case letters, digits, - and _. */
  name: string;
  title: string;
  description: string;
  /** Absolute folder of the area's files; null: `DATA/files/NAME`. */
  folder: string | null;
  /** Lowest level that sees the area and its list. */
  list: SecurityLevel;
  download: SecurityLevel;
  upload: SecurityLevel;
  /** Largest single upload in bytes; 0: no cap. */
  maxUpload: number;
  /** Bytes one account may have uploaded to this area; 0: no quota. */
  quotaPerUser: number;
  /** Bytes the whole area may hold; 0: no quota. */
  quotaPerArea: number;
}

const MiB = 1024 * 1024;

/** The area a fresh board starts with, in the config file's form: something to look at, and somewhere members can share. */
export const DEFAULT_FILE_AREAS: ReadonlyArray<Readonly<Record<string, unknown>>> = [
  { name: 'general', title: 'General files', description: 'Anything worth sharing.', list: 'new', download: 'new', upload: 'member', max_upload: '100M', quota_per_user: '500M', quota_per_area: '10G' },
];

const NAME = /^[a-z0-9][a-z0-9_-]{0,19}$/;
const MAX_AREAS = 100;
const FIELDS = new Set(['name', 'title', 'description', 'folder', 'list', 'download', 'upload', 'max_upload', 'quota_per_user', 'quota_per_area']);
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: MiB, mb: MiB, mib: MiB, g: 1024 * MiB, gb: 1024 * MiB, gib: 1024 * MiB, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/** A size as bytes: a whole number, or a number with a unit (`50M`, `2 GiB`, `512k`); units are powers of 1024. */
function parseSize(value: unknown, where: string, fail: Fail): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value) : null;
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) fail(`${where} must be a size in bytes, or a number with K, M, G or T (got ${JSON.stringify(value)})`);
  const bytes = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes)) fail(`${where} is too large`);
  return bytes;
}

function text(value: unknown, max: number, where: string, fail: Fail): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') fail(`${where} must be text`);
  if (/[\x00-\x1f\x7f]/.test(value)) fail(`${where}: control characters are not allowed`);
  if ([...value].length > max) fail(`${where}: longer than ${max} characters`);
  return value.trim();
}

function level(value: unknown, fallback: SecurityLevel, where: string, fail: Fail): SecurityLevel {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(SECURITY_LEVELS as readonly string[]).includes(value)) fail(`${where} must be one of ${SECURITY_LEVELS.join(', ')}`);
  return value as SecurityLevel;
}

function folder(value: unknown, where: string, fail: Fail): string | null {
  if (value === undefined || value === null) return null;
  const path = text(value, 1000, where, fail);
  if (!path.startsWith('/')) fail(`${where} must be an absolute path`);
  return path;
}

function areaOf(item: unknown, at: string, seen: Set<string>, fail: Fail): FileAreaDefinition {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) fail(`${at}: expected a mapping`);
  const entry = item as Record<string, unknown>;
  for (const key of Object.keys(entry)) if (!FIELDS.has(key)) fail(`${at}: unknown field '${key}' (known: ${[...FIELDS].join(', ')})`);
  const name = entry.name;
  if (typeof name !== 'string' || !NAME.test(name)) fail(`${at}: name must be 1-20 lower-case letters, digits, - or _ (got ${JSON.stringify(name ?? null)})`);
  if (seen.has(name)) fail(`${at} (${name}): the name is used twice`);
  seen.add(name);
  const where = `${at} (${name})`;
  return {
    name,
    title: text(entry.title, 60, `${where} title`, fail) || name,
    description: text(entry.description, 200, `${where} description`, fail),
    folder: folder(entry.folder, `${where} folder`, fail),
    list: level(entry.list, 'new', `${where} list`, fail),
    download: level(entry.download, 'new', `${where} download`, fail),
    upload: level(entry.upload, 'member', `${where} upload`, fail),
    maxUpload: parseSize(entry.max_upload, `${where} max_upload`, fail),
    quotaPerUser: parseSize(entry.quota_per_user, `${where} quota_per_user`, fail),
    quotaPerArea: parseSize(entry.quota_per_area, `${where} quota_per_area`, fail),
  };
}

/** The config file's `files:` list; an empty list turns file areas off. */
export function parseFileAreas(value: unknown, fail: Fail): FileAreaDefinition[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) fail('expected a list of file areas');
  if (value.length > MAX_AREAS) fail(`${value.length} file areas; at most ${MAX_AREAS}`);
  const seen = new Set<string>();
  const areas = value.map((item, i) => areaOf(item, `file area ${i + 1}`, seen, fail));
  const folders = new Set<string>();
  for (const a of areas) {
    if (a.folder === null) continue;
    if (folders.has(a.folder)) fail(`file area ${a.name}: the folder ${a.folder} is used by another area`);
    folders.add(a.folder);
  }
  return areas;
}
