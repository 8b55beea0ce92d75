import type { ServerChannel } from 'ssh2';
import type { Logger } from '../../logger.js';
import type { CallHandle, Exchange, OfferedKey } from '../../session/caller.js';
import type { HangupReason, OutputEvent, Terminal } from '../../session/events.js';
import type { SessionUser } from '../../session/session.js';
import { TerminalSession } from '../terminal/terminal-session.js';
import { ChannelWriter } from './channel-writer.js';
import { sshExitStatus } from './exit-status.js';

export interface SshCallOptions {
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
 * channel's window. Either side can end it; the conversation hears exactly
 * one hangup.
 */
export class SshCall {
  private readonly term: TerminalSession;
  private readonly writer: ChannelWriter;
  private readonly handle: CallHandle;
  private hungUp = false;
  private finishing = false;
  private hangupReason: HangupReason = 'line dropped';

  constructor(
    private readonly channel: ServerChannel,
    private readonly opts: SshCallOptions,
  ) {
    this.writer = new ChannelWriter(channel, {
      maxQueuedBytes: opts.maxQueuedBytes,
      onOverflow: () => {
        opts.log.warn('ssh caller dropped', { remote: opts.remote, reason: 'not reading' });
        this.hangupReason = 'not reading';
        opts.destroyConnection();
      },
    });
    this.term = new TerminalSession({
      terminal: opts.terminal,
      write: (bytes) => this.writer.write(bytes),
      onInput: (event) => this.handle.input(event),
    });
    this.handle = opts.exchange.dial({
      transport: 'ssh',
      remote: opts.remote,
      terminal: this.term.terminal,
      deliver: (event) => this.deliver(event),
      ...(opts.user ? { preauthenticated: opts.user } : {}),
      ...(opts.offeredKey ? { offeredKey: opts.offeredKey } : {}),
    });
    channel.on('data', (data: Buffer) => this.guard(() => this.term.receive(data)));
    // With a terminal, an EOF on stdin is not a hangup: `printf '...' | ssh -tt` sends its keys and then EOF, and
    // still wants the answers. Without one, nothing more can ever be typed, so waiting at the prompt would hang forever.
    if (opts.hangUpOnEof) channel.once('end', () => this.endOfInput());
    channel.on('error', (err: Error) => opts.log.debug('ssh channel error', { remote: opts.remote, err: err.message }));
    channel.stderr.on('error', () => {});
    channel.once('close', () => this.hangup());
    this.handle.input({ type: 'open' });
  }

  get id(): string {
    return this.handle.id;
  }

  resize(cols: number, rows: number): void {
    this.guard(() => this.term.resize(cols, rows));
  }

  /** The wire is gone (channel or whole connection closed). */
  hangup(): void {
    if (this.hungUp) return;
    this.hungUp = true;
    try {
      this.handle.input({ type: 'hangup', reason: this.hangupReason });
    } catch (err) {
      this.opts.log.error('hangup failed', { remote: this.opts.remote, err });
    }
  }

  private deliver(event: OutputEvent): void {
    if (this.hungUp || this.finishing) return;
    this.guard(() => this.term.deliver(event));
    if (event.type === 'exit') this.finish(sshExitStatus(event.end));
  }

  /** The caller's input ended with no terminal to type more on: they hung up, and the channel closes behind them. */
  private endOfInput(): void {
    if (this.hungUp || this.finishing) return;
    this.opts.log.debug('ssh caller closed input', { remote: this.opts.remote });
    this.hangup();
    this.finish(sshExitStatus('goodbye'));
  }

  /** Goodbye written; then exit status, EOF and close, and the connection ends once the client closed the channel. */
  private finish(status: number): void {
    if (this.finishing) return;
    this.finishing = true;
    const timer = setTimeout(() => this.opts.destroyConnection(), CLOSE_GRACE_MS);
    timer.unref();
    this.channel.once('close', () => {
      clearTimeout(timer);
      this.opts.endConnection();
    });
    this.writer.whenFlushed(() => {
      try {
        this.channel.exit(status);
        this.channel.end();
      } catch (err) {
        this.opts.log.debug('ssh channel already closed', { remote: this.opts.remote, err });
      }
    });
  }

  /** A fault in the terminal layer or the exchange ends this call, never the process. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.log.error('ssh call failed', { remote: this.opts.remote, err });
      this.hangupReason = 'error';
      this.opts.destroyConnection();
    }
  }
}
