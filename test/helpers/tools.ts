import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { TestContext } from 'node:test';

/** First executable found among absolute candidates and names on PATH, or null. */
export function findTool(...candidates: string[]): string | null {
  for (const c of candidates) {
    const paths = c.includes('/') ? [c] : (process.env.PATH ?? '').split(delimiter).map((d) => join(d, c));
    for (const p of paths) {
      try {
        accessSync(p, constants.X_OK);
        return p;
      } catch {
        /* keep looking */
      }
    }
  }
  return null;
}

export const PYTHON2 = (): string | null => findTool('/root/.pyenv/versions/2.7.18/bin/python2', 'python2');

/**
 * A test that needs a real client: skipped with a hint when it is missing,
 * but failed under CI=true, so CI can never go green without it.
 */
export function requireTool(t: TestContext, path: string | null, what: string, install: string): path is string {
  if (path) return true;
  const msg = `${what} is missing: ${install}`;
  if (process.env.CI === 'true') throw new Error(msg);
  t.skip(msg);
  return false;
}
