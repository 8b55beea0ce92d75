import type { BoardConfig } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import type { Exchange } from '../../session/caller.js';
import type { ConnectionGate, RunningListener } from '../listener.js';
import { loadOrCreateHostKeys, loadSharedHostKeys } from './host-keys.js';
import type { SshAccounts } from './ssh-accounts.js';
import type { PasswordGuard } from '../../rules/login-guard.js';
import { startSsh } from './ssh-transport.js';
import type { SftpFiles } from './sftp/sftp-session.js';

/** The settings the SSH port is started from: its port, address, front-door user and deadline, the balancers it trusts, and the data folder its host keys live in. */
type SshSettings = Pick<BoardConfig, 'host' | 'data' | 'ssh' | 'trustedProxies'> & { ports: Pick<BoardConfig['ports'], 'ssh'> };

interface SshFromConfigOptions {
  config: SshSettings;
  exchange: Exchange;
  log: Logger;
  gate?: ConnectionGate;
  accounts: SshAccounts;
  /** Callers online as plain text, for `ssh bbs@host who`. */
  who: () => string | Promise<string>;
  /** The message of the day as plain text, for `ssh bbs@host motd`. */
  motd: () => string | Promise<string>;
  /** A one-time web login link for an account, for `ssh NAME@host web`. */
  webLogin?: (userId: number) => Promise<string | null>;
  /** The board's failed-password back-off, so SSH and telnet guesses slow down together. */
  loginGuard?: PasswordGuard;
  /** The file areas, for SFTP. */
  files?: SftpFiles;
}

/** The SSH port as the config says (host keys made on first start), or null when SSH is off. */
export async function startSshFromConfig(
  opts: SshFromConfigOptions,
): Promise<{ listener: RunningListener; fingerprints: Record<string, string> } | null> {
  const { config } = opts;
  if (config.ports.ssh === null) return null;
  const hostKeys = config.ssh.hostKeys ? await loadSharedHostKeys(config.ssh.hostKeys) : await loadOrCreateHostKeys(config.data);
  const listener = await startSsh({
    exchange: opts.exchange,
    log: opts.log,
    host: config.host,
    port: config.ports.ssh,
    gate: opts.gate,
    trustedProxies: config.trustedProxies,
    accounts: opts.accounts,
    hostKeys,
    frontDoorUser: config.ssh.user,
    preauthTimeoutMs: config.ssh.loginTimeoutMs,
    loginGuard: opts.loginGuard,
    who: opts.who,
    motd: opts.motd,
    webLogin: opts.webLogin,
    files: opts.files,
  });
  return { listener, fingerprints: hostKeys.fingerprints() };
}
