import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const SSHD = '/usr/sbin/sshd';
/** What the private sshd's ForceCommand prints: the counterpart of the board's name prompt. */
export const SSHD_PROMPT = 'Whos calling?';

export interface PrivateSshd {
  port: number;
  user: string;
  privateKey: string;
  child: ChildProcess;
  stop(): void;
}

/**
 * OpenSSH's sshd on a loopback port with its own config, an ed25519 host key
 * (the key type the board's clients pick), and one authorized test key;
 * every session runs a ForceCommand that prints a prompt (or, given an
 * sftp-server, serves SFTP and nothing else). Null when sshd is
 * not installed (Debian: openssh-server).
 */
export async function startPrivateSshd(dir: string, opts: { sftpServer?: string } = {}): Promise<PrivateSshd | null> {
  if (!existsSync(SSHD)) return null;
  mkdirSync(dir, { recursive: true });
  // sshd refuses to start without its privilege-separation directory.
  mkdirSync('/run/sshd', { recursive: true });
  for (const name of ['host_ed25519', 'client_ed25519']) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench', '-f', join(dir, name)]);
  }
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_ed25519.pub')));
  const user = sessionUser();
  // sshd reads authorized_keys as the session user: the folders on the way must let it through.
  // sshd reads the authorized keys as the session's user: every folder above them must let it through.
  openPathTo(dir);
  chmodSync(dir, 0o755);
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_ed25519')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'HostKeyAlgorithms ssh-ed25519',
      'KexAlgorithms curve25519-sha256',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'UseDNS no',
      'PrintMotd no',
      'PrintLastLog no',
      // The default (10:30:100) starts dropping connections under exactly this kind of load.
      'MaxStartups 500',
      'LogLevel ERROR',
      opts.sftpServer ? `Subsystem sftp ${opts.sftpServer}` : `ForceCommand echo "${SSHD_PROMPT} "`,
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 5000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`private sshd did not start: ${err}`);
    }
    await sleep(50);
  }
  return { port, user, privateKey: readFileSync(join(dir, 'client_ed25519'), 'utf8'), child, stop: () => child.kill() };
}

/** Let anyone pass through (not list) each folder above `dir` that does not already allow it. */
function openPathTo(dir: string): void {
  for (let up = dirname(dir); up !== dirname(up); up = dirname(up)) {
    const mode = statSync(up).mode & 0o7777;
    if ((mode & 0o011) !== 0o011) chmodSync(up, mode | 0o711);
  }
}

/**
 * sshd runs a ForceCommand through the user's login shell, and bash under sshd
 * reads ~/.bashrc (here root's loads pyenv: a second per session). A system
 * user with /bin/sh keeps the comparison about sshd, not a dotfile.
 */
const BENCH_USER = 'bbs-bench';

function sessionUser(): string {
  if (userInfo().uid !== 0) return userInfo().username;
  if (spawnSync('id', [BENCH_USER]).status !== 0) {
    execFileSync('useradd', ['--system', '--shell', '/bin/sh', '--no-create-home', '--home-dir', '/nonexistent', BENCH_USER]);
  }
  // useradd leaves the account locked ("!"), and sshd without PAM refuses locked accounts even for keys: "*" is no password, not locked.
  execFileSync('usermod', ['--password', '*', BENCH_USER]);
  return BENCH_USER;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export function sshdVersion(): string {
  const r = spawnSync(SSHD, ['-V'], { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] ?? '';
}
