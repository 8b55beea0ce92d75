import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedFileAreas, sftpOptions } from '../../test/helpers/file-areas-board.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { sshdVersion, startPrivateSshd } from '../lib/sshd.js';
import { loadBoard, MiB } from './common.js';

const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

/** One `sftp -b` download of `remote` to a local file, in seconds; throws when sftp fails or the bytes are short. */
async function download(port: number, user: string, key: string, remote: string, local: string, size: number): Promise<number> {
  const batch = `${local}.batch`;
  await writeFile(batch, `get ${remote} ${local}\n`);
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    execFile('sftp', [...sftpOptions(port, key), '-b', batch, `${user}@127.0.0.1`], { timeout: 120_000 }, (err, _out, stderr) => (err ? reject(new Error(`sftp: ${stderr || err.message}`)) : resolve()));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const got = (await stat(local)).size;
  await rm(local, { force: true });
  if (got !== size) throw new Error(`sftp brought ${got} bytes of ${size}`);
  return seconds;
}

/** The best of a few downloads: the figure least disturbed by whatever else the machine was doing. */
async function best(times: number, once: () => Promise<number>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < times; i++) fastest = Math.min(fastest, await once());
  return fastest;
}

/**
 * SFTP download throughput of one large file: the board's SFTP against
 * OpenSSH's own sftp-server behind a private sshd, the same OpenSSH sftp
 * client, file and key type on both sides, in the same run.
 */
export async function sftpScenario(ctx: BenchContext): Promise<Measure[]> {
  const size = (ctx.quick ? 16 : 64) * MiB;
  const tries = 3;
  // Readable by the private sshd's session user: the folder and the file are opened to everyone.
  const dir = join(ctx.work, 'sftp');
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await chmod(dir, 0o755);
  const file = join(dir, 'big.bin');
  await writeFile(file, randomBytes(size), { mode: 0o644 });
  const key = join(dir, 'client');
  await new Promise<void>((resolve, reject) => execFile('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], (err) => (err ? reject(new Error(`ssh-keygen: ${err.message}`)) : resolve())));

  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-sftp-'));
  let ours: number;
  try {
    await seedFileAreas(data, {
      areas: [{ name: 'bench', title: 'Bench', list: 'new', download: 'new', upload: 'sysop' }],
      account: { name: 'Bencher', password: 'bench-password', level: 'member', publicKey: `${key}.pub` },
      files: [[file, 'bench']],
    });
    const board = await loadBoard({ data });
    try {
      ours = await best(tries, () => download(board.ports.ssh!, 'Bencher', key, '/bench/big.bin', join(dir, 'got-board'), size));
    } finally {
      await board.stop();
    }
  } finally {
    await rm(data, { recursive: true, force: true });
  }
  const oursRate = size / MiB / ours;
  ctx.log(`board sftp ${oursRate.toFixed(1)} MiB/s`);

  const sshd = existsSync(SFTP_SERVER) ? await startPrivateSshd(join(dir, 'sshd'), { sftpServer: SFTP_SERVER }) : null;
  let theirs: number | null = null;
  try {
    if (sshd) theirs = await best(tries, () => download(sshd.port, sshd.user, join(dir, 'sshd', 'client_ed25519'), file, join(dir, 'got-sshd'), size));
  } finally {
    sshd?.stop();
  }
  const theirsRate = theirs === null ? null : size / MiB / theirs;
  ctx.log(`sshd sftp-server ${theirsRate?.toFixed(1) ?? 'not installed'} MiB/s`);
  const ratio = theirsRate ? oursRate / theirsRate : null;
  await rm(file, { force: true });
  return [
    {
      key: 'sftp-download',
      measure: `SFTP download throughput of one ${size / MiB} MiB file`,
      target: "≥ 0.5× OpenSSH's sftp-server",
      result: ratio !== null ? `${oursRate.toFixed(1)} MiB/s = ${ratio.toFixed(2)}× sftp-server (${theirsRate!.toFixed(1)} MiB/s)` : `${oursRate.toFixed(1)} MiB/s (sshd or sftp-server not installed)`,
      value: ratio === null ? null : Math.round(ratio * 100) / 100,
      unit: '× sftp-server',
      ...(ratio === null ? {} : { goal: { min: 0.5 } }),
      met: ratio === null ? null : ratio >= 0.5,
      detail:
        `OpenSSH's sftp client (\`sftp -b\`, its defaults: 32 KiB reads, 64 in flight, the cipher it negotiates), public-key login with an ed25519 key, the best of ${tries} downloads each side, handshake included. ` +
        `Board: the file imported into an area, fetched by a member as /bench/big.bin (${ours.toFixed(2)} s). ` +
        (sshd ? `sshd (${sshdVersion()}): a private instance on loopback serving SFTP with ${SFTP_SERVER}, fetching the same file (${theirs!.toFixed(2)} s).` : 'sshd: not installed (apt-get install openssh-server).'),
      extra: { bytes: size, boardSeconds: ours, sshdSeconds: theirs },
    },
  ];
}
