import { join } from 'node:path';
import type { BenchContext, Measure } from '../lib/measure.js';
import { summarize } from '../lib/stats.js';
import { SSHD_PROMPT, sshdVersion, startPrivateSshd } from '../lib/sshd.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import { loadBoard } from './common.js';

type Sessions = { sessions: number; latencies: number[]; errors: string[] };

/** New SSH sessions per second to the first prompt: the board against OpenSSH's sshd, same machine, same run, same key type. */
export async function sshScenario(ctx: BenchContext): Promise<Measure[]> {
  const seconds = ctx.quick ? 4 : 8;
  const concurrency = 4;
  const run = async (port: number, username: string, prompt: string, privateKey?: string): Promise<{ rate: number; lat: ReturnType<typeof summarize>; errors: string[] }> => {
    const pool = startWorkers(2, 'ssh-sessions', () => ({ port, username, prompt, privateKey, concurrency, durationMs: seconds * 1000 }));
    await allReady(pool);
    for (const w of pool) w.go();
    const results = await allResults<Sessions>(pool);
    const sessions = results.reduce((n, r) => n + r.sessions, 0);
    return { rate: sessions / seconds, lat: summarize(results.flatMap((r) => r.latencies)), errors: results.flatMap((r) => r.errors) };
  };
  const board = await loadBoard();
  let ours;
  try {
    ours = await run(board.ports.ssh!, 'bbs', "Who's calling?");
  } finally {
    await board.stop();
  }
  ctx.log(`board ssh ${ours.rate.toFixed(1)}/s`);
  const sshd = await startPrivateSshd(join(ctx.work, 'sshd'));
  let theirs = null;
  try {
    if (sshd) theirs = await run(sshd.port, sshd.user, SSHD_PROMPT, sshd.privateKey);
  } finally {
    sshd?.stop();
  }
  ctx.log(`sshd ${theirs?.rate.toFixed(1) ?? 'not installed'}/s`);
  // An sshd that answered no session gives no comparison (not an infinite one): the row says it missed.
  const ratio = theirs && theirs.rate > 0 ? ours.rate / theirs.rate : null;
  return [
    {
      key: 'ssh-sessions',
      measure: 'new SSH sessions per second to the first prompt',
      target: "≥ 0.5× OpenSSH's sshd",
      result: ratio !== null ? `${ours.rate.toFixed(1)} / s = ${ratio.toFixed(2)}× sshd (${theirs?.rate.toFixed(1)} / s)` : `${ours.rate.toFixed(1)} / s (${theirs ? `sshd answered no session: ${theirs.errors[0] ?? 'no error given'}` : 'sshd not installed'})`,
      value: ratio === null ? null : Math.round(ratio * 100) / 100,
      unit: '× sshd',
      ...(ratio === null ? {} : { goal: { min: 0.5 } }),
      met: ratio !== null ? ratio >= 0.5 : theirs ? false : null,
      detail:
        `ssh2 client, ${2 * concurrency} sessions in flight from 2 processes for ${seconds} s each side; curve25519-sha256 and an ed25519 host key on both. ` +
        `Board: the anonymous front door (user bbs, no credentials), pty + shell, until "Who's calling?": first prompt p50 ${ours.lat.p50}, p99 ${ours.lat.p99} ms${ours.errors.length ? ` (${ours.errors[0]})` : ''}. ` +
        (theirs
          ? `sshd (${sshdVersion()}): a private instance on loopback with its own config, ed25519 host key and an authorized ed25519 test key (public-key auth), pty + ForceCommand printing a prompt: p50 ${theirs.lat.p50}, p99 ${theirs.lat.p99} ms${theirs.errors.length ? ` (${theirs.errors[0]})` : ''}.`
          : 'sshd: not installed (apt-get install openssh-server).'),
      extra: { board: ours, sshd: theirs },
    },
  ];
}
