import { execFile } from 'node:child_process';
import { PtyProcess } from './pty.js';
import { findTool } from './tools.js';

export const SSH = (): string | null => findTool('ssh');
export const SSHPASS = (): string | null => findTool('sshpass');
export const SFTP = (): string | null => findTool('sftp');
export const SSH_KEYGEN = (): string | null => findTool('ssh-keygen');
export const TMUX = (): string | null => findTool('tmux');
export const SSH_INSTALL = 'apt-get install openssh-client sshpass';

/** Options for a throwaway client: no known_hosts, no agent, no config, no stray keys from ~/.ssh. */
export function sshOptions(port: number, extra: string[] = [], logLevel = 'ERROR'): string[] {
  return [
    '-F', '/dev/null',
    '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', `LogLevel=${logLevel}`,
    '-o', 'IdentityAgent=none',
    '-o', 'ConnectTimeout=5',
    '-p', String(port),
    ...extra,
  ];
}

/** Keys only from `-i`, none from ~/.ssh, unless the test offers none at all. */
export function identity(keyPath: string | null): string[] {
  return keyPath ? ['-o', 'IdentitiesOnly=yes', '-i', keyPath] : ['-o', 'IdentitiesOnly=yes', '-o', 'PubkeyAuthentication=no'];
}

/** `ssh -tt` in a real pseudo-terminal, as a caller at a keyboard. */
export function dialSsh(port: number, user: string, opts: { password?: string; extra?: string[]; cols?: number; rows?: number; env?: NodeJS.ProcessEnv } = {}): PtyProcess {
  const ssh = ['ssh', '-tt', ...sshOptions(port, opts.extra ?? []), `${user}@127.0.0.1`];
  const argv = opts.password === undefined ? ssh : ['sshpass', '-p', opts.password, ...ssh];
  return PtyProcess.spawn(argv, { cols: opts.cols, rows: opts.rows, env: opts.env });
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a client to completion (no terminal), bounded in time. */
export function run(cmd: string, args: string[], timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: timeoutMs, env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    child.stdin?.end();
  });
}

/** ssh-keygen run to completion off the event loop, so a stuck one fails its test (run's deadline) instead of freezing the file. */
export async function sshKeygen(args: string[]): Promise<string> {
  const result = await run(SSH_KEYGEN() ?? 'ssh-keygen', args, 20_000);
  if (result.code !== 0) throw new Error(`ssh-keygen ${args.join(' ')} ended with ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** The "SHA256:..." fingerprint ssh-keygen -lf prints for a key file. */
export async function keygenFingerprint(path: string): Promise<string> {
  return (await sshKeygen(['-lf', path])).split(' ')[1]!;
}
