import { request } from 'node:http';
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type BoardConfig } from '../config/config.js';

export const HEALTH_HELP = `Usage: bbs health [options]

Check that the board on this machine answers callers: dial its JSON-socket
port (or, when that is off, its telnet port; or, when both are, its HTTP
/healthz) and wait for the first screen. Ports come from the same flags,
environment and config file as "bbs serve", so a container's HEALTHCHECK
needs no arguments. Each check is one short call in the board's call log.

Options:
  --data DIR          the board's data folder, for DATA/bbs.yaml   env BBS_DATA
  --host ADDRESS      where to dial [127.0.0.1, or the board's --host]
  --json-port N       JSON-socket port to dial                      env BBS_JSON_PORT
  --telnet-port N     telnet port to dial                           env BBS_TELNET_PORT
  --timeout SECONDS   how long the board may take to answer [5]
  --help              show this help

Exit status: 0 when the board answered in time, 1 when it did not.`;

export type Probe = { transport: 'tcpjson' | 'telnet' | 'http'; host: string; port: number };

export async function health(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      host: { type: 'string' },
      'json-port': { type: 'string' },
      'telnet-port': { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HEALTH_HELP);
    return 0;
  }
  const timeoutS = Number(values.timeout ?? '5');
  if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > 600) {
    console.error(`bbs health: --timeout '${values.timeout}' is not a number of seconds (0-600)`);
    return 2;
  }
  let config: BoardConfig;
  try {
    config = await loadConfig({ flags: { data: values.data, 'json-port': values['json-port'], 'telnet-port': values['telnet-port'] }, env: process.env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`bbs health: ${err.message}`);
    return 2;
  }
  let probe: Probe;
  try {
    probe = chooseProbe(config, values.host);
  } catch (err) {
    console.error(`bbs health: ${(err as Error).message}`);
    return 1;
  }
  const started = Date.now();
  try {
    const said = await PROBES[probe.transport](probe, timeoutS * 1000);
    console.log(`ok: the board answered on ${probe.transport} ${probe.host}:${probe.port} in ${Date.now() - started} ms (${said})`);
    return 0;
  } catch (err) {
    console.error(`bbs health: ${probe.transport} ${probe.host}:${probe.port}: ${(err as Error).message}`);
    return 1;
  }
}

/** The port a caller would use, on the address the board listens on. */
export function chooseProbe(config: BoardConfig, host?: string): Probe {
  const where = host ?? (['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host);
  const candidates: [Probe['transport'], number | null][] = [
    ['tcpjson', config.ports.json],
    ['telnet', config.ports.telnet],
    ['http', config.ports.http],
  ];
  for (const [transport, port] of candidates) {
    if (port === null) continue;
    // Port 0 means "any free port": nothing outside the board knows which.
    if (port === 0) throw new Error(`the ${transport} port is 0 (picked at start); give the real one with --${transport === 'tcpjson' ? 'json' : transport}-port`);
    return { transport, host: where, port };
  }
  throw new Error('the JSON-socket, telnet and HTTP ports are all off: nothing to dial');
}

const PROBES: Record<Probe['transport'], (p: Probe, timeoutMs: number) => Promise<string>> = {
  tcpjson: (p, ms) => firstBytes(p, ms, Buffer.from('@bbs {"type":"msg","msg":"connect"}\0'), parseJsonReply),
  telnet: (p, ms) => firstBytes(p, ms, null, parseTelnetText),
  http: probeHttp,
};

/** Dials, optionally says something, and resolves once `parse` finds an answer in what came back. */
function firstBytes(p: Probe, timeoutMs: number, hello: Buffer | null, parse: (received: Buffer) => string | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(p.port, p.host);
    // Every path ends the socket, so the process can exit right after.
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.once('close', () => clearTimeout(timer));
    let received = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.once('connect', () => {
      if (hello) socket.write(hello);
    });
    socket.on('data', (chunk: Buffer) => {
      // A first screen is small; more than this without one is not a board.
      received = Buffer.concat([received, chunk]).subarray(0, 65536);
      let said: string | null;
      try {
        said = parse(received);
      } catch (err) {
        socket.destroy();
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (said !== null) {
        socket.destroy();
        resolve(said);
      }
    });
    socket.once('error', (err) => reject(new Error(err.message)));
    socket.once('close', () => reject(new Error('the connection closed before the board said anything')));
  });
}

/** The first frame back on the JSON socket: base64 of a JSON reply, then NUL. */
export function parseJsonReply(received: Buffer): string | null {
  const nul = received.indexOf(0);
  if (nul === -1) return null;
  const reply = JSON.parse(Buffer.from(received.subarray(0, nul).toString('latin1'), 'base64').toString('utf8')) as { type?: unknown };
  if (reply.type !== 'screen' && reply.type !== 'prompt' && reply.type !== 'exit') throw new Error(`unexpected reply ${JSON.stringify(reply).slice(0, 80)}`);
  return `first reply: ${reply.type}`;
}

/** Telnet: option negotiation comes first; the first screen is the first letters after it. */
export function parseTelnetText(received: Buffer): string | null {
  const text = received
    .toString('latin1')
    .replace(/\xff\xfa[\s\S]*?\xff\xf0/g, '')
    .replace(/\xff[\xfb-\xfe][\s\S]/g, '')
    .replace(/\xff[\xf0-\xff]/g, '');
  return /[A-Za-z]{2}/.test(text) ? 'first screen' : null;
}

function probeHttp(p: Probe, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: p.host, port: p.port, path: '/healthz', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve('/healthz 200');
      else reject(new Error(`/healthz answered ${res.statusCode}`));
    });
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.once('error', (err) => reject(new Error(err.message)));
    req.end();
  });
}
