import type { Database } from 'better-sqlite3';
import type { PgQueryable } from '../../src/store/postgres/pg-database.js';

/** An account written straight into the users table, for a repository test that needs an owner for its rows; its id. */
export type SeedUser = (name: string) => Promise<number>;

const SEED_USER = "INSERT INTO users (name, name_key, password_hash, created_at) VALUES ($1, lower($1), 'x', 0) RETURNING id";

export function sqliteUserSeeder(db: Database): SeedUser {
  const insert = db.prepare<[string, string], { id: number }>(SEED_USER.replace(/\$1/g, '?'));
  return (name) => Promise.resolve(insert.get(name, name)!.id);
}

export function pgUserSeeder(db: PgQueryable): SeedUser {
  return async (name) => (await db.one<{ id: number }>(SEED_USER, [name]))!.id;
}
