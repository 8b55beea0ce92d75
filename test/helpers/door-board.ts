import type { TestContext } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ROOT, startBoardProcess, type BoardProcess } from './spawned-board.js';
import { signUp, type Typist } from './terminal-login.js';
import type { TelnetClient } from '../callers/telnet.js';

/** The test doors, as a sysop would write them in bbs.yaml. */
export const FIXTURES = join(ROOT, 'test/fixtures/doors');

/** A real board on loopback with `doors` (and `gateways`) written into its config file. */
export async function startDoorBoard(t: Pick<TestContext, 'after'>, config: { doors?: unknown[]; gateways?: unknown[] }, extra: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<BoardProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'bbs-doors-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'bbs.yaml');
  await writeFile(file, stringify(config));
  return startBoardProcess({ t, args: ['--config', file, ...(extra.args ?? [])], ...(extra.env ? { env: extra.env } : {}) });
}

/** A telnet caller as a typist for the sign-up script. */
export function typistOf(c: TelnetClient, timeoutMs = 20_000): Typist {
  return { expect: (p) => c.waitFor(p, { timeoutMs }), send: (k) => c.type(k), line: (l) => c.send(l) };
}

/** A new account from a telnet caller at the name prompt, then to the doors menu. */
export async function telnetToDoors(c: TelnetClient, name: string): Promise<void> {
  await signUp(typistOf(c), name, 'password1', { key: 'y' });
  // Typed ahead of the menu's prompt, as a caller who knows the board does.
  c.type('d');
  await c.waitFor('Door number to play', { timeoutMs: 20_000 });
}
