import { SECURITY_LEVELS, type SecurityLevel } from '../store/types.js';
import type { AreaSetting } from './settings.js';

const AREA_NAME = /^[a-z0-9][a-z0-9_-]{0,19}$/;
const FIELDS = new Set(['name', 'title', 'description', 'read', 'post']);
const MAX_AREAS = 50;
const RANK: Record<SecurityLevel, number> = { new: 0, member: 1, sysop: 2 };

/**
 * The `areas` setting: a list of mappings, checked field by field so a typo
 * in the config file is reported with the area and the field it is in.
 * `fail` receives the message and must throw.
 */
export function parseAreas(value: unknown, fail: (message: string) => never): AreaSetting[] {
  if (!Array.isArray(value)) fail('expected a list of areas (each with name, title, description, read, post)');
  if (value.length === 0) fail('the list is empty; the board needs at least one area');
  if (value.length > MAX_AREAS) fail(`${value.length} areas; at most ${MAX_AREAS}`);
  const seen = new Set<string>();
  return value.map((item: unknown, i): AreaSetting => {
    const at = `area ${i + 1}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) fail(`${at}: expected a mapping with name, title, description, read and post`);
    const entry = item as Record<string, unknown>;
    for (const key of Object.keys(entry)) if (!FIELDS.has(key)) fail(`${at}: unknown field '${key}' (known: ${[...FIELDS].join(', ')})`);
    const name = entry.name;
    if (typeof name !== 'string' || !AREA_NAME.test(name)) fail(`${at}: name must be 1-20 lower-case letters, digits, - or _, starting with a letter or digit (got ${JSON.stringify(name ?? null)})`);
    const where = `${at} (${name})`;
    if (seen.has(name)) fail(`${where}: the name is used twice`);
    seen.add(name);
    const title = text(entry.title ?? name, 40, `${where}: title`, fail);
    const description = text(entry.description ?? '', 200, `${where}: description`, fail);
    const read = level(entry.read ?? 'new', `${where}: read`, fail);
    const post = level(entry.post ?? read, `${where}: post`, fail);
    if (RANK[post] < RANK[read]) fail(`${where}: post (${post}) is below read (${read}); who may post must be able to read`);
    return { name, title, description, read, post };
  });
}

function text(value: unknown, max: number, where: string, fail: (message: string) => never): string {
  if (typeof value !== 'string') fail(`${where} must be text`);
  if (/[\x00-\x1f\x7f]/.test(value)) fail(`${where}: control characters are not allowed`);
  if ([...value].length > max) fail(`${where}: longer than ${max} characters`);
  return value.trim();
}

function level(value: unknown, where: string, fail: (message: string) => never): SecurityLevel {
  if (typeof value !== 'string' || !(SECURITY_LEVELS as readonly string[]).includes(value)) fail(`${where} must be one of ${SECURITY_LEVELS.join(', ')} (got ${JSON.stringify(value)})`);
  return value as SecurityLevel;
}
