import type { ServerChannel } from 'ssh2';
import type { Logger } from '../../logger.js';
import type { Exchange, OfferedKey } from '../../session/caller.js';
import type { Terminal } from '../../session/events.js';
import type { SessionUser } from '../../session/session.js';
import { CallLine } from '../call-line.js';
import { TerminalSession } from '../terminal/terminal-session.js';
import { ChannelWriter } from './channel-writer.js';
import { sshExitStatus } from './exit-status.js';

interface SshCallOptions {
  exchange: Exchange;
  log: Logger;
  remote: string;
  terminal: Terminal;
  user?: SessionUser;
  offeredKey?: OfferedKey;
  maxQueuedBytes: number;
  /** The client asked for no terminal (`ssh -T`): the end of its input is the caller hanging up. */
  hangUpOnEof: boolean;
  /** Say goodbye at the SSH layer once the channel is closed. */
  endConnection: () => void;
  /** Cut the TCP connection now (a caller who stopped reading). */
  destroyConnection: () => void;
}

/** After the goodbye, the client gets this long to close the channel before the line is cut. */
const CLOSE_GRACE_MS = 5000;

/**
 * One shell channel on the line: the board's conversation through the shared
 * terminal session (echo, line editing, CR LF, CP437), output paced by the
 * channel's window. The call's life (one hangup, the grace before the cut,
 * the backlog cap) is a CallLine; what is SSH's own is here: the exit status
 * and closing the channel before the connection.
 */
export class SshCall {
  private readonly term: TerminalSession;
  private readonly writer: ChannelWriter;
  private readonly line: CallLine;

  constructor(
    private readonly channel: ServerChannel,
    private readonly opts: SshCallOptions,
  ) {
    this.line = new CallLine({
      exchange: opts.exchange,
      log: opts.log,
      name: 'ssh',
      graceMs: CLOSE_GRACE_MS,
    }, opts.remote, {
      render: (event) => this.term.deliver(event),
      finish: (_reason, exit) => this.finish(sshExitStatus(exit ? exit.end : 'goodbye')),
      cut: () => opts.destroyConnection(),
      openRaw: (listener) => this.term.openRaw(listener),
      lastInput: () => this.term.lastInput(),
    });
    this.writer = new ChannelWriter(channel, {
      maxQueuedBytes: opts.maxQueuedBytes,
      onOverflow: () => this.line.notReading(opts.maxQueuedBytes),
    });
    this.term = new TerminalSession({
      terminal: opts.terminal,
      wire: {
        write: (bytes) => this.writer.write(bytes),
        input: (event) => this.line.input(event),
        backlog: () => this.writer.queued,
        // A paused channel stops granting the client window, so its program waits.
        hold: (held) => (held ? channel.pause() : channel.resume()),
      },
    });
    channel.on('data', (data: Buffer) => this.line.guard(() => this.term.receive(data)));
    // With a terminal, an EOF on stdin is not a hangup: `printf '...' | ssh -tt` sends its keys and then EOF, and
    // still wants the answers. Without one, nothing more can ever be typed, so waiting at the prompt would hang forever.
    if (opts.hangUpOnEof) channel.once('end', () => this.endOfInput());
    channel.on('error', (err: Error) => opts.log.debug('ssh channel error', { remote: opts.remote, err: err.message }));
    channel.stderr.on('error', () => {});
    channel.once('close', () => {
      // The client closed the channel after our goodbye: now the connection itself.
      if (this.line.finishing) opts.endConnection();
      this.line.closed();
    });
    this.line.place({
      transport: 'ssh',
      remote: opts.remote,
      terminal: this.term.terminal,
      ...(opts.user ? { preauthenticated: opts.user } : {}),
      ...(opts.offeredKey ? { offeredKey: opts.offeredKey } : {}),
    });
  }

  get id(): string {
    return this.line.id;
  }

  resize(cols: number, rows: number): void {
    this.line.guard(() => this.term.resize(cols, rows));
  }

  /** The wire is gone (channel or whole connection closed). */
  hangup(): void {
    this.line.closed();
  }

  /** The caller's input ended with no terminal to type more on: they hung up, and the channel closes behind them. */
  private endOfInput(): void {
    if (!this.line.open) return;
    this.opts.log.debug('ssh caller closed input', { remote: this.opts.remote });
    this.line.hangUp('line dropped');
    this.line.end('goodbye');
  }

  /** Goodbye written; then exit status, EOF and close, and the connection ends once the client closed the channel. */
  private finish(status: number): void {
    this.writer.whenFlushed(() => {
      try {
        this.channel.exit(status);
        this.channel.end();
      } catch (err) {
        this.opts.log.debug('ssh channel already closed', { remote: this.opts.remote, err });
      }
    });
  }
}
