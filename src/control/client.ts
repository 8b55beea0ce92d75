import { connect } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { CONTROL_SOCKET, type ControlAnswer, type ControlRequest } from './protocol.js';

/** Ask the board running on DATA over its control socket. */
export function askBoard(data: string, request: ControlRequest, timeoutMs = 8000): Promise<ControlAnswer> {
  const path = join(data, CONTROL_SOCKET);
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the board did not answer in time'));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(JSON.stringify(request) + '\n'));
    socket.on('data', (d: string) => (text += d));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? `no board is running on ${data} (is "bbs serve" up with this --data?)` : err.message));
    });
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(text) as ControlAnswer);
      } catch {
        reject(new Error('the board sent an answer that is not JSON'));
      }
    });
  });
}

/**
 * The shared shape of the commands that talk to a running board: parse
 * `--data` and `--help`, find the data folder the way `serve` does, ask,
 * print, and turn failures into a message and exit status 1.
 */
export async function runControlCommand(
  argv: string[],
  help: string,
  build: (positionals: string[]) => ControlRequest | string,
  print: (answer: Extract<ControlAnswer, { ok: true }>) => string,
  extra: Record<string, { type: 'string' | 'boolean' }> = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { data: { type: 'string' }, help: { type: 'boolean' }, ...extra }, allowPositionals: true, strict: true });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${help}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(help);
    return 0;
  }
  const request = build(parsed.positionals);
  if (typeof request === 'string') {
    console.error(`${request}\n\n${help}`);
    return 2;
  }
  try {
    const config = await loadConfig({ flags: { data: parsed.values.data }, env: process.env });
    const answer = await askBoard(config.data, request);
    if (!answer.ok) {
      console.error(`bbs: ${answer.error}`);
      return 1;
    }
    const out = print(answer);
    if (out) console.log(out);
    return 0;
  } catch (err) {
    console.error(`bbs: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
