import { hostname } from 'node:os';

/**
 * The command a guest of the web reader runs for a login link, as the
 * reader's pages show it: `ssh -p PORT NAME@HOST web`, named as callers
 * reach the board (web.url's host when set). Without an SSH port, the main
 * menu's entry is the only way: null.
 */
export function loginHint(config: { host: string; ports: { ssh: number | null }; web: { url: string | null } }, sshPort = config.ports.ssh): string | null {
  if (sshPort === null) return null;
  let host = config.host === '0.0.0.0' || config.host === '::' ? hostname() : config.host;
  if (config.web.url !== null) {
    try {
      host = new URL(config.web.url).hostname;
    } catch {
      // A web.url that is no URL leaves the board's own name.
    }
  }
  return `ssh ${sshPort === 22 ? '' : `-p ${sshPort} `}NAME@${host.includes(':') ? `[${host}]` : host} web`;
}
