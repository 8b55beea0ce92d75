/** True for a unique constraint's error from either engine: better-sqlite3's code, or PostgreSQL's unique_violation. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
