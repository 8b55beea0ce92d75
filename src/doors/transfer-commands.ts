import type { TransferProtocol } from '../session/handoff.js';

/**
 * The lrzsz command lines for a transfer, per protocol and direction.
 *
 * Flags every run gets:
 * - `--binary`: bytes as they are, never CR LF to LF.
 * - `--quiet`: no progress reports (they go to stderr, which only the
 *   sysop's log line reads).
 * - `--timeout 100` (tenths of a second): how long one wait for the other
 *   side lasts before lrzsz retries; with its retry count a silent caller
 *   ends the program within a few minutes at worst, and the peer's own
 *   watchdog ends it sooner.
 * The receiver also gets `--restricted` (no paths: a name with a folder in
 * it or `..` is refused, an existing file is never overwritten) and
 * `--protect` (no overwriting even where restricted mode would allow it).
 * ZMODEM's escaping of every control character (`--escape`) is not needed:
 * telnet in BINARY, SSH and WebSocket binary frames carry all 256 values,
 * and ZMODEM's default escapes XON/XOFF/DLE already.
 */

export interface TransferCommand {
  command: string;
  args: string[];
}

const COMMON = ['--binary', '--quiet', '--timeout', '100'];

const SENDERS: Record<TransferProtocol, TransferCommand> = {
  zmodem: { command: 'sz', args: [] },
  // YMODEM's 1 KiB blocks, as its specification has them and every terminal program takes them: lrzsz's sb sends
  // 128-byte XMODEM blocks unless told -k, eight stop-and-wait round trips where one does.
  ymodem: { command: 'sb', args: ['--1k'] },
  // CRC, 128-byte blocks: lrzsz's XMODEM sender waits for the receiver's 'C' and sends 128-byte blocks unless told -k.
  xmodem: { command: 'sx', args: [] },
  'xmodem-1k': { command: 'sx', args: ['--1k'] },
};

const RECEIVERS: Record<TransferProtocol, TransferCommand> = {
  zmodem: { command: 'rz', args: ['--restricted', '--protect'] },
  ymodem: { command: 'rb', args: ['--restricted', '--protect'] },
  // XMODEM carries no name: the one the flow chose is the argument. CRC asked for: a 1K sender needs it anyway.
  xmodem: { command: 'rx', args: ['--restricted', '--protect', '--with-crc'] },
  'xmodem-1k': { command: 'rx', args: ['--restricted', '--protect', '--with-crc'] },
};

/** The protocols that carry exactly one file and no name. */
export function isXmodem(protocol: TransferProtocol): boolean {
  return protocol === 'xmodem' || protocol === 'xmodem-1k';
}

/**
 * A file name the board may hand lrzsz as a word of its own: no folder, no
 * `.` or `..`, no control characters, not read as an option.
 */
export function safeName(name: string): boolean {
  return (
    name.length > 0 &&
    Buffer.byteLength(name) <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !name.startsWith('-') &&
    !name.includes('/') &&
    !/[\x00-\x1f\x7f]/.test(name)
  );
}

/**
 * The sender's command line; `names` are files in its working folder, sent
 * under those names. `resume` (ZMODEM only): ask the receiver to carry on
 * from the length of the file it already has (ZCRECOV), for a download
 * that was cut off; only at the caller's request, since a receiver holding
 * some other file of that name would get this one's tail after it.
 */
export function sendCommand(protocol: TransferProtocol, names: readonly string[], resume = false): TransferCommand {
  const s = SENDERS[protocol];
  const recover = resume && protocol === 'zmodem' ? ['--resume'] : [];
  return { command: s.command, args: [...COMMON, ...s.args, ...recover, '--', ...names] };
}

/** The receiver's command line, run in the folder the files arrive in. */
export function receiveCommand(protocol: TransferProtocol, name?: string): TransferCommand {
  const r = RECEIVERS[protocol];
  const file = isXmodem(protocol) && name !== undefined ? ['--', name] : [];
  return { command: r.command, args: [...COMMON, ...r.args, ...file] };
}
