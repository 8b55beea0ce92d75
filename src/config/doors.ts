import { SECURITY_LEVELS, type SecurityLevel } from '../store/types.js';
import { expandDoorText, type DoorVariables } from '../doors/door-variables.js';
import { DROP_FILE_KINDS, type DoorDefinition, type DropFileKind, type GatewayDefinition } from './door-settings.js';

type Fail = (message: string) => never;

const NAME = /^[a-z0-9][a-z0-9_-]{0,19}$/;
const MAX_ENTRIES = 100;
/** Values to try a door's `{variables}` with when the config is read. */
const SAMPLE: DoorVariables = { node: 1, user: 'Sysop', userId: 1, dropDir: '/tmp', dropFile: '/tmp/DOOR32.SYS', door32: '/tmp/DOOR32.SYS', doorSys: '/tmp/DOOR.SYS', minutes: 60, seconds: 3600, cols: 80, rows: 24, level: 10, encoding: 'utf8', app: '/app', data: '/data', nodejs: '/usr/bin/node' };
const DOOR_FIELDS = new Set(['name', 'title', 'description', 'kind', 'command', 'args', 'cwd', 'env', 'drop_files', 'encoding', 'tty', 'level', 'max_players', 'minutes_per_call', 'minutes_per_day', 'line_based', 'detach_minutes']);
const GATEWAY_FIELDS = new Set(['name', 'title', 'description', 'host', 'port', 'protocol', 'level']);

/** One mapping of a list, its unknown fields refused by name. */
function entryOf(item: unknown, at: string, fields: Set<string>, fail: Fail): Record<string, unknown> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) fail(`${at}: expected a mapping`);
  const entry = item as Record<string, unknown>;
  for (const key of Object.keys(entry)) if (!fields.has(key)) fail(`${at}: unknown field '${key}' (known: ${[...fields].join(', ')})`);
  return entry;
}

function listOf(value: unknown, what: string, fail: Fail): unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) fail(`expected a list of ${what}`);
  if (value.length > MAX_ENTRIES) fail(`${value.length} ${what}; at most ${MAX_ENTRIES}`);
  return value;
}

function nameOf(entry: Record<string, unknown>, at: string, seen: Set<string>, fail: Fail): string {
  const name = entry.name;
  if (typeof name !== 'string' || !NAME.test(name)) fail(`${at}: name must be 1-20 lower-case letters, digits, - or _ (got ${JSON.stringify(name ?? null)})`);
  if (seen.has(name)) fail(`${at} (${name}): the name is used twice`);
  seen.add(name);
  return name;
}

function text(value: unknown, max: number, where: string, fail: Fail): string {
  if (typeof value !== 'string') fail(`${where} must be text`);
  if (/[\x00-\x1f\x7f]/.test(value)) fail(`${where}: control characters are not allowed`);
  if ([...value].length > max) fail(`${where}: longer than ${max} characters`);
  return value.trim();
}

function count(value: unknown, max: number, where: string, fail: Fail): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) fail(`${where} must be a whole number from 0 to ${max}`);
  return value;
}

function level(value: unknown, where: string, fail: Fail): SecurityLevel {
  if (value === undefined) return 'new';
  if (typeof value !== 'string' || !(SECURITY_LEVELS as readonly string[]).includes(value)) fail(`${where} must be one of ${SECURITY_LEVELS.join(', ')}`);
  return value as SecurityLevel;
}

function oneOf<T extends string>(value: unknown, options: readonly T[], fallback: T, where: string, fail: Fail): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) fail(`${where} must be one of ${options.join(', ')}`);
  return value as T;
}

/** Text that may hold `{variables}`: every name must be known, so a typo is refused at start, not met by a caller. */
function templated(value: unknown, where: string, fail: Fail): string {
  const s = text(value, 1000, where, fail);
  try {
    expandDoorText(s, SAMPLE);
  } catch (err) {
    fail(`${where}: ${(err as Error).message}`);
  }
  return s;
}

function args(value: unknown, where: string, fail: Fail): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 64) fail(`${where} must be a list of at most 64 arguments`);
  return value.map((a, i) => templated(typeof a === 'number' ? String(a) : a, `${where} ${i + 1}`, fail));
}

function env(value: unknown, where: string, fail: Fail): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${where} must be a mapping of NAME: value`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(k)) fail(`${where}: '${k}' is not a variable name`);
    out[k] = templated(typeof v === 'number' ? String(v) : v, `${where} ${k}`, fail);
  }
  return out;
}

function dropFiles(value: unknown, where: string, fail: Fail): DropFileKind[] {
  if (value === undefined) return ['door32.sys'];
  if (!Array.isArray(value)) fail(`${where} must be a list of: ${DROP_FILE_KINDS.join(', ')}`);
  return value.map((v) => oneOf(typeof v === 'string' ? v.toLowerCase() : v, DROP_FILE_KINDS, 'door32.sys', where, fail));
}

function flag(value: unknown, where: string, fail: Fail): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(`${where} must be true or false`);
  return value;
}

function parseDoor(item: unknown, i: number, seen: Set<string>, fail: Fail): DoorDefinition {
  const entry = entryOf(item, `door ${i + 1}`, DOOR_FIELDS, fail);
  const name = nameOf(entry, `door ${i + 1}`, seen, fail);
  const at = `door ${i + 1} (${name})`;
  const command = templated(entry.command, `${at}: command`, fail);
  if (command === '') fail(`${at}: command is empty`);
  const door: DoorDefinition = {
    name,
    title: text(entry.title ?? name, 40, `${at}: title`, fail),
    description: text(entry.description ?? '', 200, `${at}: description`, fail),
    kind: oneOf(entry.kind, ['program', 'dosbox'] as const, 'program', `${at}: kind`, fail),
    command,
    args: args(entry.args, `${at}: args`, fail),
    env: env(entry.env, `${at}: env`, fail),
    dropFiles: dropFiles(entry.drop_files, `${at}: drop_files`, fail),
    encoding: oneOf(entry.encoding, ['utf8', 'cp437'] as const, 'utf8', `${at}: encoding`, fail),
    level: level(entry.level, `${at}: level`, fail),
    maxPlayers: count(entry.max_players, 10000, `${at}: max_players`, fail),
    minutesPerCall: count(entry.minutes_per_call, 1440, `${at}: minutes_per_call`, fail),
    minutesPerDay: count(entry.minutes_per_day, 1440, `${at}: minutes_per_day`, fail),
    tty: oneOf(entry.tty, ['program', 'raw'] as const, 'program', `${at}: tty`, fail),
    lineBased: flag(entry.line_based, `${at}: line_based`, fail),
    detachMinutes: count(entry.detach_minutes, 1440, `${at}: detach_minutes`, fail),
  };
  if (entry.cwd !== undefined) door.cwd = text(entry.cwd, 1000, `${at}: cwd`, fail);
  // DOS sees the door's own folder as C:, shared by every call so its data files last: there is no sensible default.
  if (door.kind === 'dosbox' && door.cwd === undefined) fail(`${at}: a dosbox door needs cwd, the folder with its DOS files (C: to the door)`);
  return door;
}

/** The `doors:` list, each field checked so a typo is reported with its door and field. */
export function parseDoors(value: unknown, fail: Fail): DoorDefinition[] {
  const seen = new Set<string>();
  return listOf(value, 'doors', fail).map((item, i) => parseDoor(item, i, seen, fail));
}

/** The `gateways:` list: the only remote boards a caller can be connected to. */
export function parseGateways(value: unknown, fail: Fail): GatewayDefinition[] {
  const seen = new Set<string>();
  return listOf(value, 'gateways', fail).map((item, i): GatewayDefinition => {
    const entry = entryOf(item, `gateway ${i + 1}`, GATEWAY_FIELDS, fail);
    const name = nameOf(entry, `gateway ${i + 1}`, seen, fail);
    const at = `gateway ${i + 1} (${name})`;
    const host = text(entry.host, 253, `${at}: host`, fail);
    if (!/^[A-Za-z0-9.:_-]+$/.test(host)) fail(`${at}: host must be a host name or an address`);
    const port = entry.port;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) fail(`${at}: port must be 1-65535`);
    return {
      name,
      title: text(entry.title ?? name, 40, `${at}: title`, fail),
      description: text(entry.description ?? '', 200, `${at}: description`, fail),
      host,
      port,
      protocol: oneOf(entry.protocol, ['telnet', 'raw'] as const, 'telnet', `${at}: protocol`, fail),
      level: level(entry.level, `${at}: level`, fail),
    };
  });
}
