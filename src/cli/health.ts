import { request } from 'node:http';
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type BoardConfig } from '../config/config.js';
import type { ListeningPort } from '../control/protocol.js';
import { askBoard } from '../control/client.js';

export const HEALTH_HELP = `Usage: bbs health [options]

Check that the board on this machine answers callers: dial its JSON-socket
port (or, when that is off, its telnet port; or, when both are, its HTTP
/healthz) and wait for the first screen. The running board says which ports
it listens on (over the control socket in its data folder, so a port of 0
is the one it picked), and a container's HEALTHCHECK needs no arguments.
With --json-port or --telnet-port, that port is dialled instead and the
board is not asked. Each check is one short call in the board's call log.

Options:
  --data DIR          the board's data folder                       env BBS_DATA
  --host ADDRESS      where to dial [127.0.0.1, or the board's address]
  --json-port N       JSON-socket port to dial (off: skip it)
  --telnet-port N     telnet port to dial (off: skip it)
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
  const named = values['json-port'] !== undefined || values['telnet-port'] !== undefined;
  let config: BoardConfig;
  try {
    // Named ports stand alone: the ports of the environment and config file are the running board's to tell.
    const env = named ? { ...process.env, BBS_JSON_PORT: undefined, BBS_TELNET_PORT: undefined } : process.env;
    config = await loadConfig({ flags: { data: values.data, 'json-port': values['json-port'] ?? 'off', 'telnet-port': values['telnet-port'] ?? 'off' }, env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`bbs health: ${err.message}`);
    return 2;
  }
  let probe: Probe;
  try {
    probe = named ? chooseProbe(config, values.host) : await askForProbe(config, values.host);
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

const PROBED: readonly Probe['transport'][] = ['tcpjson', 'telnet', 'http'];

/** Where to dial a board that listens on `address`: a wildcard is reached on this machine. */
function dialAddress(address: string, host?: string): string {
  return host ?? (['0.0.0.0', '::', ''].includes(address) ? '127.0.0.1' : address);
}

/** The ports named on the command line (every other one is off), on the address the board listens on. */
export function chooseProbe(config: Pick<BoardConfig, 'host' | 'ports'>, host?: string): Probe {
  const candidates: [Probe['transport'], number | null][] = [
    ['tcpjson', config.ports.json],
    ['telnet', config.ports.telnet],
  ];
  for (const [transport, port] of candidates) {
    if (port === null) continue;
    // Port 0 means "any free port": only the board knows which.
    if (port === 0) throw new Error(`the ${transport} port is 0 (picked at start); leave the port out and the board will say which`);
    return { transport, host: dialAddress(config.host, host), port };
  }
  throw new Error('the JSON-socket and telnet ports are both off: nothing to dial');
}

/** The port a caller would use, from the ports the running board reports. */
export function probeFromPorts(ports: readonly ListeningPort[], host?: string): Probe {
  for (const transport of PROBED) {
    const open = ports.find((p) => p.transport === transport);
    if (open) return { transport, host: dialAddress(open.address, host), port: open.port };
  }
  throw new Error('the board has its JSON-socket, telnet and HTTP ports all off: nothing to dial');
}

/** Ask the board running on the data folder which ports it listens on. */
async function askForProbe(config: BoardConfig, host?: string): Promise<Probe> {
  const answer = await askBoard(config.data, { cmd: 'ports' }, 5000);
  if (!answer.ok) throw new Error(`the board would not say its ports: ${answer.error}`);
  return probeFromPorts(answer.ports ?? [], host);
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
