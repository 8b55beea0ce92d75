import { ConfigError, loadConfig } from '../config/config.js';

/**
 * The data folder a shell command works on, found the way `bbs serve` finds
 * it (--data, then BBS_DATA, then ./data); null after printing why not.
 */
export async function dataDirFor(command: string, flag: string | undefined): Promise<string | null> {
  try {
    return (await loadConfig({ flags: { data: flag }, env: process.env })).data;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`bbs ${command}: ${err.message}`);
    return null;
  }
}
