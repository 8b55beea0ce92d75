import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestContext } from 'node:test';
import { bbsArgv, ROOT } from './spawned-board.js';
import { findTool } from './tools.js';

const run = promisify(execFile);

/** `bbs ARGS...` from source (or the build under npm test), with a deadline; exit code and all output. */
export async function bbsCommand(args: string[], opts: { asUser?: string; timeoutMs?: number } = {}): Promise<{ code: number; out: string }> {
  const argv = [process.execPath, ...bbsArgv(), ...args];
  const [file, ...rest] = opts.asUser ? ['runuser', '-u', opts.asUser, '--', ...argv] : argv;
  try {
    const { stdout, stderr } = await run(file!, rest, { cwd: ROOT, timeout: opts.timeoutMs ?? 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

/**
 * Tests that act as another local account (runuser) or mount file systems
 * need root: skipped with a hint elsewhere, failed under CI=true.
 */
export function requireRoot(t: TestContext, what: string): boolean {
  const ok = process.getuid?.() === 0 && findTool('runuser', '/usr/sbin/runuser') !== null;
  if (ok) return true;
  const msg = `${what} needs root and runuser (util-linux): run the tests as root`;
  if (process.env.CI === 'true') throw new Error(msg);
  t.skip(msg);
  return false;
}

/** Whether the local account `user` can read `path` (cat as that account). */
export function canRead(user: string, path: string): boolean {
  return spawnSync('runuser', ['-u', user, '--', 'cat', path], { stdio: 'ignore' }).status === 0;
}

/** uid and gid of a local account, from the system's own tools. */
export function accountIds(user: string): { uid: number; gid: number } {
  const id = (flag: string): number => Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A small tmpfs at `dir` (read-only or size-capped file systems for tests),
 * or null with the reason when this machine does not allow mounting.
 */
export function mountTmpfs(dir: string, options: string): string | null {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? null : (r.stderr || `mount exited ${r.status}`).trim();
}

export function remount(dir: string, options: string): void {
  const r = spawnSync('mount', ['-o', `remount,${options}`, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`remount ${dir} ${options}: ${r.stderr}`);
}

/** Unmount, lazily if something still holds it, so a failed test leaves no mount behind. */
export function unmount(dir: string): void {
  if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
}

/** Skip (or fail under CI=true) when mounting is not permitted here. */
export function requireMount(t: TestContext, failure: string | null): boolean {
  if (failure === null) return true;
  const msg = `cannot mount a tmpfs here (${failure}): run as root with mount permitted (a privileged container)`;
  if (process.env.CI === 'true') throw new Error(msg);
  t.skip(msg);
  return false;
}
