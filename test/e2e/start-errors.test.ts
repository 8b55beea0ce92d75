import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bbsArgv, ROOT } from '../helpers/spawned-board.js';

/** Something else already listening on a port of 127.0.0.1. */
async function squat(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** `bbs serve` to its end, stdout and stderr in one stream in the order written, as a terminal or `docker logs` shows them. */
async function serve(args: string[], nodes = '1'): Promise<{ code: number | null; lines: string[] }> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-clash-'));
  try {
    const argv = [process.execPath, ...bbsArgv(), 'serve', '--data', data, '--host', '127.0.0.1', '--nodes', nodes, '--json-port', '0', '--telnet-port', '0', '--http-port', '0', '--ssh-port', 'off', '--nntp-port', 'off', ...args];
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('sh', ['-c', `exec ${quoted} 2>&1`], { cwd: ROOT, env: { ...process.env, BBS_LOG_FORMAT: 'text' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    clearTimeout(timer);
    return { code, lines: out.trim().split('\n') };
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}

for (const nodes of ['1', '2']) {
  test(`a port in use stops the start with the setting named, last, after every log line (${nodes} node(s))`, { timeout: 60_000 }, async () => {
    const taken = await squat();
    const port = (taken.address() as AddressInfo).port;
    try {
      const { code, lines } = await serve(['--telnet-port', String(port)], nodes);
      assert.equal(code, 1, lines.join('\n'));
      assert.equal(
        lines.at(-1),
        `bbs serve: telnet port ${port} (ports.telnet / --telnet-port / BBS_TELNET_PORT) is already in use on 127.0.0.1: stop what holds it, or choose another port`,
        lines.join('\n'),
      );
      assert.ok(!lines.some((l) => /EADDRINUSE|board ready|listening/.test(l)), lines.join('\n'));
    } finally {
      taken.close();
    }
  });
}
