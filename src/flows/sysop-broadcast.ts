import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { plural } from './format.js';

const BROADCAST_MAX = 200;

/** One line to every caller on every node, wherever they are on the board. */
export async function broadcast(io: SessionIO, deps: FlowDeps, sysop: User): Promise<void> {
  const text = (await io.prompt('sysop_broadcast_ask', { maxLength: BROADCAST_MAX })).trim();
  if (!text) return;
  const online = await deps.roster.count();
  deps.live.publish({ kind: 'broadcast', from: sysop.name, text, at: io.now().getTime() });
  deps.log.info('broadcast sent', { by: sysop.name, online });
  io.screen('sysop_broadcast_sent', { count: plural(online, 'caller') });
}
