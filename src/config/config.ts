import { readFile, access } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAreas } from './areas.js';
import { parseDoors, parseGateways } from './doors.js';
import { parseFileAreas, type FileAreaDefinition } from './file-areas.js';
import type { DoorDefinition, GatewayDefinition } from './door-settings.js';
import { SETTINGS, type AreaSetting, type SettingSpec } from './settings.js';
import { parseTrustedProxies, type ProxyRange } from './trusted-proxies.js';

export interface BoardConfig {
  data: string;
  config: string | null;
  /** A postgres:// URL; null keeps the SQLite file in `data`. */
  database: string | null;
  host: string;
  /** nats:// URLs of the bus between board hosts; empty: this host is the whole board. */
  bus: string[];
  /** This host's name on the bus. */
  hostId: string;
  ports: { json: number | null; telnet: number | null; ssh: number | null; http: number | null; nntp: number | null };
  /** Load balancers whose PROXY v2 header is believed; empty: nobody's. */
  trustedProxies: ProxyRange[];
  /** Where callers reach the HTTP port; null: this board's own host and HTTP port. */
  web: { url: string | null };
  nodes: { count: number; lines: number };
  board: { name: string; sysop: string; motd: string; bannerFont: string; art: string | null; editor: 'full' | 'line' };
  /** `hostKeys`: a folder of keys shared by every host of the board; null: DATA/ssh. */
  ssh: { user: string; loginTimeoutMs: number; hostKeys: string | null };
  session: { idleTimeoutMs: number; loginGraceMs: number };
  limits: {
    perAddress: number;
    total: number;
    /** Most lines in one message. */
    messageLines: number;
    /** Most characters in one typed line of a message. */
    lineLength: number;
    /** Shortest password accepted for a new account. */
    minPasswordLength: number;
    /** The quotas below count from the database; 0 turns one off, and the sysop has none. New accounts one address may register in an hour. */
    signupsPerHour: number;
    /** Public messages one account may post in an hour. */
    postsPerHour: number;
    /** Private messages one account may send in an hour. */
    mailPerHour: number;
    /** KiB of subjects and bodies one account may have written, public and private together. */
    storagePerUser: number;
    passwordWaitMs: number;
    /** Password checks that may wait for a hashing thread before a login is told the board is busy. */
    passwordQueue: number;
    /** Hashes at once; 0 for one fewer than the cores. */
    hashThreads: number;
    /** MiB a second all file transfers together may send while callers are typing; 0: no pace. */
    transferRate: number;
    /** MiB a second all doors and other boards together may send their callers while callers are typing; 0: no pace. */
    doorRate: number;
  };
  log: { format: 'text' | 'json'; level: 'debug' | 'info' | 'warn' | 'error' };
  areas: AreaSetting[];
  doors: DoorDefinition[];
  gateways: GatewayDefinition[];
  files: FileAreaDefinition[];
}

/** A setting that cannot be used; the message names it and says what is wrong. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Raw = Map<string, { value: unknown; from: string }>;

/**
 * Settings in order of precedence, lowest first: built-in defaults, the
 * config file, environment variables, command-line flags.
 */
export async function loadConfig(input: { flags?: Record<string, string | undefined>; env?: NodeJS.ProcessEnv } = {}): Promise<BoardConfig> {
  const flags = input.flags ?? {};
  const env = input.env ?? {};
  const raw: Raw = new Map();
  for (const s of SETTINGS) if (s.default !== null) raw.set(s.key, { value: s.default, from: 'default' });

  const overrides: Raw = new Map();
  for (const s of SETTINGS) {
    const fromEnv = s.env ? env[s.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') overrides.set(s.key, { value: s.kind === 'text' ? fromEnv.replace(/\\n/g, '\n') : fromEnv, from: `environment variable ${s.env}` });
    const fromFlag = s.flag ? flags[s.flag] : undefined;
    if (fromFlag !== undefined) overrides.set(s.key, { value: fromFlag, from: `--${s.flag}` });
  }

  const data = String(overrides.get('data')?.value ?? raw.get('data')!.value);
  const explicitFile = overrides.get('config')?.value as string | undefined;
  const file = explicitFile ?? ((await exists(join(data, 'bbs.yaml'))) ? join(data, 'bbs.yaml') : null);
  if (file) {
    for (const [key, entry] of await readConfigFile(file)) raw.set(key, entry);
    raw.set('config', { value: file, from: 'default' });
  }
  for (const [key, entry] of overrides) raw.set(key, entry);

  const values = new Map<string, unknown>();
  for (const s of SETTINGS) {
    const entry = raw.get(s.key);
    values.set(s.key, entry === undefined ? null : coerce(s, entry.value, entry.from));
  }
  return build(values);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readConfigFile(path: string): Promise<Raw> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`config file ${path}: cannot be read (${(err as Error).message})`);
  }
  // The YAML parser costs megabytes; a board without a config file never loads it.
  const { parse: parseYaml } = await import('yaml');
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${path}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const out: Raw = new Map();
  if (doc === null || doc === undefined) return out;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`config file ${path}: expected a mapping of settings at the top`);
  const known = new Set(SETTINGS.map((s) => s.key));
  const walk = (node: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(node)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (known.has(key)) out.set(key, { value: v, from: `${path}: ${key}` });
      else if (v && typeof v === 'object' && !Array.isArray(v) && [...known].some((n) => n.startsWith(key + '.'))) walk(v as Record<string, unknown>, key);
      else throw new ConfigError(`config file ${path}: unknown setting '${key}'`);
    }
  };
  walk(doc as Record<string, unknown>, '');
  return out;
}

/** Turn one raw value into the setting's type, or say precisely what is wrong. */
function coerce(spec: SettingSpec, value: unknown, from: string): unknown {
  const where = `setting ${spec.key} (from ${from})`;
  const str = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : null;
  switch (spec.kind) {
    case 'port': {
      if (str !== null && /^(off|none|false|disabled?)$/i.test(str)) return null;
      if (value === false) return null;
      const n = str !== null && /^\d+$/.test(str) ? Number(str) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${where}: '${String(value)}' is not a port (0-65535, or "off")`);
      return n;
    }
    case 'int':
    case 'seconds': {
      const m = str === null ? null : spec.kind === 'seconds' ? /^(\d+)\s*(s|m|h)?$/i.exec(str) : /^(\d+)$/.exec(str);
      if (!m) throw new ConfigError(`${where}: '${String(value)}' is not a whole number${spec.kind === 'seconds' ? ' of seconds (or 10m, 2h)' : ''}`);
      const n = Number(m[1]) * (m[2] ? { s: 1, m: 60, h: 3600 }[m[2].toLowerCase() as 's' | 'm' | 'h'] : 1);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
        throw new ConfigError(`${where}: ${n} is outside ${spec.min ?? '-'}..${spec.max ?? '-'}`);
      return n;
    }
    case 'enum':
      if (str === null || !spec.choices!.includes(str)) throw new ConfigError(`${where}: '${String(value)}' is not one of ${spec.choices!.join(', ')}`);
      return str;
    case 'string':
    case 'path':
      if (str === null || str === '') throw new ConfigError(`${where}: expected non-empty text`);
      if (/[\x00-\x1f\x7f]/.test(str)) throw new ConfigError(`${where}: control characters are not allowed`);
      if (spec.max !== undefined && [...str].length > spec.max) throw new ConfigError(`${where}: longer than ${spec.max} characters`);
      return str;
    case 'text':
      if (typeof value !== 'string') throw new ConfigError(`${where}: expected text`);
      if (spec.max !== undefined && value.length > spec.max) throw new ConfigError(`${where}: longer than ${spec.max} characters`);
      return value.replace(/\s+$/, '');
    case 'addresses':
      return parseTrustedProxies(value, (message) => {
        throw new ConfigError(`${where}: ${message}`);
      });
    case 'areas':
      return parseAreas(value, (message) => {
        throw new ConfigError(`${where}: ${message}`);
      });
    case 'doors':
      return parseDoors(value, (message) => {
        throw new ConfigError(`${where}: ${message}`);
      });
    case 'gateways':
      return parseGateways(value, (message) => {
        throw new ConfigError(`${where}: ${message}`);
      });
    case 'files':
      return parseFileAreas(value, (message) => {
        throw new ConfigError(`${where}: ${message}`);
      });
  }
}

/** Only PostgreSQL is reached by URL; the SQLite file needs no setting at all. */
function databaseUrl(value: string | null): string | null {
  if (value === null || value.trim() === '') return null;
  if (!/^postgres(ql)?:\/\/./i.test(value)) throw new ConfigError("setting database: only a postgres:// URL can be given (postgres://bbs:secret@db.example.org/bbs); leave it out to keep the SQLite file");
  try {
    new URL(value);
  } catch {
    throw new ConfigError('setting database: that postgres:// URL cannot be read; check its host, port and escaping');
  }
  return value;
}

/** One or more nats:// URLs, comma-separated; nothing else reaches a NATS server. */
function busUrls(value: string | null): string[] {
  if (value === null || value.trim() === '') return [];
  const urls = value.split(',').map((u) => u.trim());
  for (const u of urls) {
    let url: URL | null = null;
    try {
      url = new URL(u);
    } catch {
      // said below
    }
    if (!url || url.protocol !== 'nats:' || !url.hostname) throw new ConfigError(`setting bus: '${u}' is not a nats:// URL (nats://127.0.0.1:4222; several comma-separated)`);
    if (url.pathname.replace(/^\/+/, '') || url.search || url.hash) throw new ConfigError(`setting bus: '${u}' must be a plain nats://host:port, without a path or query`);
  }
  return urls;
}

/** What names a board host: it goes into log lines and who's online as it is. */
export const HOST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The host id as given, or the machine's hostname made fit for one. */
function hostIdOf(value: string | null): string {
  if (value === null) return hostname().replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64) || 'host';
  if (!HOST_ID.test(value)) throw new ConfigError(`setting hostId: '${value}' may hold only letters, digits, -, _ and . (64 at most)`);
  return value;
}

/** The public web address, without a trailing slash so a link path can follow it; only http and https make sense to callers. */
function webUrl(value: string | null): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`setting web.url: '${value}' is not a URL (https://bbs.example.org)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`setting web.url: '${value}' must start with http:// or https://`);
  if (url.search || url.hash || url.username || url.password) throw new ConfigError(`setting web.url: '${value}' must be a plain address, without a query, fragment or password`);
  return url.href.replace(/\/+$/, '');
}

function build(v: Map<string, unknown>): BoardConfig {
  const get = <T>(key: string): T => v.get(key) as T;
  return {
    data: resolve(get<string>('data')),
    config: get<string | null>('config'),
    database: databaseUrl(get<string | null>('database')),
    host: get('host'),
    bus: busUrls(get<string | null>('bus')),
    hostId: hostIdOf(get<string | null>('hostId')),
    ports: { json: get('ports.json'), telnet: get('ports.telnet'), ssh: get('ports.ssh'), http: get('ports.http'), nntp: get('ports.nntp') },
    trustedProxies: get<ProxyRange[] | null>('trustedProxies') ?? [],
    web: { url: webUrl(get<string | null>('web.url')) },
    nodes: { count: get('nodes.count'), lines: get('nodes.lines') },
    board: {
      name: get('board.name'),
      sysop: get('board.sysop'),
      motd: get('board.motd'),
      bannerFont: get('board.bannerFont'),
      editor: get('board.editor'),
      art: get<string | null>('board.art') === null ? null : resolve(get<string>('board.art')),
    },
    ssh: { user: get('ssh.user'), loginTimeoutMs: get<number>('ssh.loginTimeout') * 1000, hostKeys: get<string | null>('ssh.hostKeys') === null ? null : resolve(get<string>('ssh.hostKeys')) },
    session: { idleTimeoutMs: get<number>('session.idleTimeout') * 1000, loginGraceMs: get<number>('session.loginGrace') * 1000 },
    limits: {
      perAddress: get('limits.perAddress'),
      total: get('limits.total'),
      messageLines: get('limits.messageLines'),
      lineLength: get('limits.lineLength'),
      minPasswordLength: get('limits.minPasswordLength'),
      signupsPerHour: get('limits.signupsPerHour'),
      postsPerHour: get('limits.postsPerHour'),
      mailPerHour: get('limits.mailPerHour'),
      storagePerUser: get('limits.storagePerUser'),
      passwordWaitMs: get<number>('limits.passwordWait') * 1000,
      passwordQueue: get('limits.passwordQueue'),
      hashThreads: get('limits.hashThreads'),
      transferRate: get('limits.transferRate'),
      doorRate: get('limits.doorRate'),
    },
    log: { format: get('log.format'), level: get('log.level') },
    areas: get('areas'),
    doors: get('doors'),
    gateways: get('gateways'),
    files: get('files'),
  };
}
