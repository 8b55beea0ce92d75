import ssh2, { type ClientChannel } from 'ssh2';
import { TextStream } from './text-stream.js';

export interface SshCallerOptions {
  port: number;
  host?: string;
  username: string;
  /** An OpenSSH private key; without one the client offers no credentials (the board's anonymous front door). */
  privateKey?: Buffer | string;
  /** A pty and a shell (the board), or no pty and this command (sshd's ForceCommand runs either way). */
  pty?: boolean;
  readyTimeoutMs?: number;
}

/** One SSH session through ssh2's client: what it prints lands in `screen`. */
export class SshCaller {
  readonly screen = new TextStream();
  private constructor(
    readonly client: ssh2.Client,
    readonly channel: ClientChannel,
  ) {}

  static dial(opts: SshCallerOptions): Promise<SshCaller> {
    return new Promise((resolve, reject) => {
      const client = new ssh2.Client();
      client.on('error', reject);
      client.on('ready', () => {
        const onChannel = (err: Error | undefined, channel: ClientChannel): void => {
          if (err) {
            client.end();
            reject(err);
            return;
          }
          const caller = new SshCaller(client, channel);
          const decoder = new TextDecoder();
          channel.on('data', (d: Buffer) => caller.screen.push(decoder.decode(d, { stream: true })));
          channel.stderr.on('data', (d: Buffer) => caller.screen.push(d.toString('utf8')));
          channel.on('close', () => caller.screen.end('channel closed'));
          client.on('close', () => caller.screen.end('connection closed'));
          resolve(caller);
        };
        if (opts.pty === false) client.exec('board', onChannel);
        else client.shell({ term: 'xterm-256color', cols: 80, rows: 24 }, onChannel);
      });
      client.connect({
        host: opts.host ?? '127.0.0.1',
        port: opts.port,
        username: opts.username,
        ...(opts.privateKey ? { privateKey: opts.privateKey } : {}),
        readyTimeout: opts.readyTimeoutMs ?? 10_000,
        // Offer nothing but the given key: no agent, no keyboard-interactive prompts to answer.
        tryKeyboard: false,
        hostVerifier: () => true,
        // The same key exchange and host key type against every server, so a comparison compares servers.
        algorithms: { kex: ['curve25519-sha256'], serverHostKey: ['ssh-ed25519'] },
      });
    });
  }

  until(match: RegExp | string, timeoutMs?: number): Promise<string> {
    return this.screen.until(match, timeoutMs);
  }

  close(): void {
    this.client.end();
    this.client.destroy();
  }
}
