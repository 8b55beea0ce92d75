import { textBlock } from '../screens/text-block.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { composeBody } from './compose.js';
import type { FlowDeps } from './deps.js';
import { chooseFrom } from './menu-input.js';
import { currentMotd, MOTD_KEY, MOTD_MAX } from './motd.js';

/** Write a new message of the day from the board, or go back to the config file's. */
export async function editMotd(io: SessionIO, deps: FlowDeps, sysop: User): Promise<void> {
  const own = await deps.store.boardSettings.get(MOTD_KEY);
  io.screen('sysop_motd_current', { motd: textBlock(await currentMotd(deps)), source: own === null ? 'the config file' : 'edited on the board' });
  const key = await chooseFrom(io, deps, sysop.id, 'sysop_motd_ask');
  if (key === 'R') {
    await deps.store.boardSettings.set(MOTD_KEY, null);
    deps.log.info('motd restored to the config file', { by: sysop.name });
    io.screen('sysop_motd_saved');
    return;
  }
  if (key !== 'E') return;
  const body = await composeBody(io, deps);
  if (!body) {
    io.screen('nothing_posted');
    return;
  }
  await deps.store.boardSettings.set(MOTD_KEY, [...body].slice(0, MOTD_MAX).join(''));
  deps.log.info('motd edited', { by: sysop.name });
  io.screen('sysop_motd_saved');
}
