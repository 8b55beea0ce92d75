import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
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

/** Where a checkout beside the project's shared folder keeps the original client. */
export const SEED_CLIENT_DEFAULT = new URL('../../../shared/seed/client.py', import.meta.url).pathname;

export const SEED_CLIENT_HINT =
  'take examples/bbs/client.py from the Mongrel2 source tree and set BBS_SEED_CLIENT=/path/to/client.py (or put it at ../shared/seed/client.py beside the checkout)';

/**
 * The original 2010 client, client.py: the file BBS_SEED_CLIENT names, else
 * ../shared/seed/client.py beside the checkout; null when it is not there
 * to read. A clone from a public repository has no shared folder, and the
 * client is Zed Shaw's file, not ours to ship.
 */
export function seedClient(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env.BBS_SEED_CLIENT ? resolve(env.BBS_SEED_CLIENT) : SEED_CLIENT_DEFAULT;
  try {
    accessSync(path, constants.R_OK);
    return path;
  } catch {
    return null;
  }
}

/** The original client and a Python 2 to run it, or null once the test is skipped (failed under CI) with a hint. */
export function requireOriginalClient(t: TestContext): { python: string; client: string } | null {
  const client = seedClient();
  if (!requireTool(t, client, 'the original 2010 client (client.py)', SEED_CLIENT_HINT)) return null;
  const python = PYTHON2();
  if (!requireTool(t, python, 'Python 2.7 for the original client', 'install it with pyenv (pyenv install 2.7.18)')) return null;
  return { python, client };
}
