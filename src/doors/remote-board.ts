import { connect, type Socket } from 'node:net';
import type { GatewayDefinition } from '../config/door-settings.js';
import { encodeCp437 } from '../screens/cp437.js';
import type { Terminal } from '../session/events.js';
import { ESCAPE_KEYS_NAME, EscapeWatch } from './escape-watch.js';
import { LastWords } from './last-words.js';
import { OutboundTelnet } from './outbound-telnet.js';
import type { RawOutcome, RawPeer, RawSink } from './raw-peer.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Past this much of the caller's input unsent, the far board is not reading: the call through it ends. */
const DEFAULT_MAX_UNSENT_BYTES = 256 * 1024;
/**
 * A far board that hangs up this soon, before the caller typed a key, turned
 * the call away (a busy signal, a banned address) rather than ended a visit.
 */
const DEFAULT_TURN_AWAY_MS = 15_000;

interface RemoteBoardOptions {
  /** The one place this peer dials: taken from the config, never from anything the caller types. */
  gateway: GatewayDefinition;
  /** The caller's terminal: its size and type are reported to the far board, its encoding is how our own line is written. */
  terminal: Pick<Terminal, 'cols' | 'rows' | 'encoding' | 'ansiBbs' | 'termType'>;
  connectTimeoutMs?: number;
  maxUnsentBytes?: number;
  turnAwayMs?: number;
}

/**
 * Another board, reached over TCP from the gateway: the caller's terminal
 * talks to it byte for byte until the caller presses Ctrl-] then q or the far
 * board hangs up. With `protocol: telnet` our side negotiates as a terminal
 * client would; with `raw` nothing is added or taken out.
 */
export class RemoteBoard implements RawPeer {
  private readonly gateway: GatewayDefinition;
  private readonly codec: OutboundTelnet | null;
  private readonly escape = new EscapeWatch();
  private readonly lastWords = new LastWords();
  private sink: RawSink | null = null;
  private socket: Socket | null = null;
  private timer: NodeJS.Timeout | undefined;
  private connectedAt: number | null = null;
  /** The caller has sent the far board a key: a hang-up from now on ends a visit. */
  private typed = false;
  private ended = false;
  /** The last socket error after connecting, for the log line of how it ended. */
  private lastError: string | undefined;

  constructor(private readonly opts: RemoteBoardOptions) {
    this.gateway = opts.gateway;
    const t = opts.terminal;
    this.codec = this.gateway.protocol === 'telnet' ? new OutboundTelnet({ cols: t.cols, rows: t.rows, terminalType: terminalTypeFor(t) }) : null;
  }

  start(sink: RawSink): void {
    if (this.sink !== null) return;
    this.sink = sink;
    const { host, port } = this.gateway;
    let socket: Socket;
    try {
      socket = connect({ host, port });
    } catch (err) {
      // A port out of range throws at once; the config should have caught it.
      this.finish({ how: 'failed', note: `${this.title()} could not be reached.`, detail: `${host}:${port} ${(err as Error).message}` });
      return;
    }
    this.socket = socket;
    socket.setNoDelay(true);
    const timeoutMs = this.opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.timer = setTimeout(() => this.onConnectTimeout(timeoutMs), timeoutMs);
    socket.once('connect', () => this.onConnect());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => this.onError(err));
    socket.on('close', () => this.onClose());
  }

  input(bytes: Uint8Array): void {
    if (this.ended || this.socket === null) return;
    const { pass, escaped } = this.escape.push(bytes);
    if (pass.length > 0) {
      this.typed = true;
      this.send(this.codec ? this.codec.encode(pass) : pass);
    }
    if (escaped) this.finish({ how: 'escape' });
  }

  resize(cols: number, rows: number): void {
    if (this.ended || this.codec === null) return;
    this.send(this.codec.resize(cols, rows));
  }

  resume(): void {
    if (!this.ended) this.socket?.resume();
  }

  stop(how: 'hangup' | 'ended'): void {
    this.finish({ how });
  }

  private onConnect(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.ended) return;
    this.connectedAt = Date.now();
    this.toCaller(this.ourLine(`\r\nConnected to ${this.title()}. Press ${ESCAPE_KEYS_NAME} to come back.\r\n`));
  }

  private onConnectTimeout(timeoutMs: number): void {
    const seconds = Math.round(timeoutMs / 100) / 10;
    this.finish({ how: 'failed', note: `${this.title()} did not answer within ${seconds} s.`, detail: `${this.address()} connect timeout` });
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    let data: Buffer = chunk;
    if (this.codec !== null) {
      const decoded = this.codec.decode(chunk);
      this.send(decoded.reply);
      data = decoded.data;
    }
    if (!this.typed) this.lastWords.hear(data);
    this.toCaller(data);
  }

  private toCaller(bytes: Buffer): void {
    if (this.ended || bytes.length === 0) return;
    // The caller's wire has a backlog: read no more of the far board until it drains (resume()).
    if (!this.sink!.data(bytes)) this.socket?.pause();
  }

  private onError(err: NodeJS.ErrnoException): void {
    if (this.connectedAt === null) {
      this.finish({ how: 'failed', note: connectFailure(this.title(), err.code), detail: `${this.address()} ${err.code ?? err.message}` });
      return;
    }
    // After connecting, an error is followed by close, which says how the visit ended.
    this.lastError = err.code ?? err.message;
  }

  private onClose(): void {
    if (this.ended) return;
    if (this.connectedAt === null) {
      this.finish({ how: 'failed', note: `${this.title()} could not be reached.`, detail: `${this.address()} closed while connecting` });
      return;
    }
    const detail = this.lastError === undefined ? undefined : `${this.address()} ${this.lastError}`;
    const soon = Date.now() - this.connectedAt < (this.opts.turnAwayMs ?? DEFAULT_TURN_AWAY_MS);
    if (!this.typed && soon) {
      const said = this.lastWords.said();
      const note = said === '' ? `${this.title()} hung up at once.` : `${this.title()} hung up at once: "${said}"`;
      this.finish({ how: 'failed', note, detail: detail ?? `${this.address()} closed before any input` });
      return;
    }
    this.finish(detail === undefined ? { how: 'exit' } : { how: 'exit', detail });
  }

  /** The caller's bytes to the far board; one that stops reading for good ends the call through it. */
  private send(bytes: Buffer): void {
    const socket = this.socket;
    if (this.ended || socket === null || bytes.length === 0 || socket.destroyed) return;
    if (socket.writableLength + bytes.length > (this.opts.maxUnsentBytes ?? DEFAULT_MAX_UNSENT_BYTES)) {
      this.finish({ how: 'failed', note: `${this.title()} stopped reading what you type.`, detail: `${this.address()} write backlog` });
      return;
    }
    socket.write(bytes);
  }

  private finish(outcome: RawOutcome): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.socket?.destroy();
    this.sink?.end(outcome);
  }

  /** Our own words on the caller's terminal, in its encoding. */
  private ourLine(text: string): Buffer {
    return this.opts.terminal.encoding === 'cp437' ? encodeCp437(text) : Buffer.from(text, 'utf8');
  }

  /** The board's title from the config, with no control character that could drive the caller's terminal. */
  private title(): string {
    return this.gateway.title.replace(/[\x00-\x1f\x7f-\x9f]/g, '') || this.gateway.name;
  }

  private address(): string {
    return `${this.gateway.host}:${this.gateway.port}`;
  }
}

/** The caller's note for a connection that never came up, by its error code. */
function connectFailure(title: string, code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `${title} refused the connection: it is not taking calls right now.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return `${title} could not be found: its address does not resolve.`;
    default:
      return `${title} could not be reached.`;
  }
}

/**
 * The name the far board is told for the caller's terminal: ANSI for a CP437
 * terminal (so a classic board sends its CP437 art), else the caller's own
 * type, else XTERM (a UTF-8 terminal of unknown make).
 */
export function terminalTypeFor(t: Pick<Terminal, 'ansiBbs' | 'termType'>): string {
  if (t.ansiBbs) return 'ANSI';
  return t.termType === '' ? 'XTERM' : t.termType.toUpperCase();
}
