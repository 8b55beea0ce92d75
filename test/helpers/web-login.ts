import assert from 'node:assert/strict';
import { identity, run, sshOptions, type RunResult } from './ssh-client.js';

/** `ssh USER@host web` by OpenSSH against the board's SSH port, with a password when given. */
export function sshWeb(sshPort: number, user: string, password?: string): Promise<RunResult> {
  const ssh = ['ssh', ...sshOptions(sshPort, identity(null)), '-o', 'NumberOfPasswordPrompts=1', `${user}@127.0.0.1`, 'web'];
  return password === undefined ? run(ssh[0]!, ssh.slice(1)) : run('sshpass', ['-p', password, ...ssh]);
}

/** The one-time login link `ssh USER@host web` prints, as a path: the board names its web port after this machine, a test reaches it on loopback. */
export async function sshLoginPath(sshPort: number, user: string, password: string): Promise<string> {
  const r = await sshWeb(sshPort, user, password);
  assert.equal(r.code, 0, r.stderr);
  const link = /http:\/\/\S+\/login\/\S+/.exec(r.stdout)?.[0];
  assert.ok(link, `a link in:\n${r.stdout}`);
  return new URL(link).pathname;
}

/**
 * A login link followed as a browser does: the GET shows the page with its
 * button (and spends nothing, so a link preview cannot use it up), the
 * button posts back from the board's own origin. The POST's answer.
 */
export async function followLoginLink(base: string, path: string): Promise<Response> {
  const shown = await fetch(base + path, { redirect: 'manual' });
  assert.equal(shown.status, 200, `the login page for ${path}`);
  assert.match(await shown.text(), /<button type="submit">Log in as /);
  return fetch(base + path, { method: 'POST', redirect: 'manual', headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
}
