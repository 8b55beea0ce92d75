import type { BoardConfig } from './config.js';
import { SETTINGS } from './settings.js';

/** The port settings, in the order the board opens their listeners. */
const PORT_SETTINGS = [
  { key: 'ports.json', what: 'JSON-socket', port: (c: BoardConfig) => c.ports.json },
  { key: 'ports.telnet', what: 'telnet', port: (c: BoardConfig) => c.ports.telnet },
  { key: 'ports.ssh', what: 'SSH', port: (c: BoardConfig) => c.ports.ssh },
  { key: 'ports.http', what: 'HTTP', port: (c: BoardConfig) => c.ports.http },
  { key: 'ports.nntp', what: 'NNTP', port: (c: BoardConfig) => c.ports.nntp },
] as const;

/** A port the board could not open, told in the words of the setting that chose it. */
export class PortUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortUnavailableError';
  }
}

/**
 * The system's "listen EADDRINUSE: address already in use" names neither the
 * transport nor the setting to change: say which port it is and every way to
 * set it. Any other error passes through unchanged.
 */
export function explainListenError(err: unknown, config: BoardConfig): unknown {
  const e = err as (NodeJS.ErrnoException & { port?: unknown }) | null;
  if (!e || (e.code !== 'EADDRINUSE' && e.code !== 'EACCES') || typeof e.port !== 'number') return err;
  // Two settings on one port: the earlier listener got it, so the one that failed is the later.
  const failed = PORT_SETTINGS.filter((s) => s.port(config) === e.port).at(-1);
  if (!failed) return err;
  const setting = SETTINGS.find((s) => s.key === failed.key);
  const names = [failed.key, setting?.flag && `--${setting.flag}`, setting?.env].filter(Boolean).join(' / ');
  const which = `${failed.what} port ${e.port} (${names})`;
  return new PortUnavailableError(
    e.code === 'EADDRINUSE'
      ? `${which} is already in use on ${config.host}: stop what holds it, or choose another port`
      : `${which} may not be opened by this user on ${config.host}: choose a port above 1023, or "off"`,
  );
}
