import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { isSysop } from '../rules/levels.js';
import { chooseFrom } from './menu-input.js';
import { broadcast } from './sysop-broadcast.js';
import { callLog } from './sysop-call-log.js';
import { kickCaller } from './sysop-kick.js';
import { editMotd } from './sysop-motd.js';
import { userAdmin } from './sysop-users.js';
import { watchDoor } from './sysop-watch.js';
import { sysopFiles } from './file-areas.js';

type SysopAction = (io: SessionIO, deps: FlowDeps, sysop: User) => Promise<void>;

const ACTIONS: ReadonlyMap<string, SysopAction> = new Map<string, SysopAction>([
  ['B', broadcast],
  ['K', kickCaller],
  ['U', userAdmin],
  ['M', editMotd],
  ['L', (io, deps) => callLog(io, deps)],
  ['D', (io, deps) => watchDoor(io, deps)],
  ['F', sysopFiles],
]);

/** The sysop's tools on the board itself. Checked here as well as at the menu: the level is re-read each time. */
export async function sysopMenu(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  for (;;) {
    const sysop = await deps.store.users.findById(user.id);
    if (!sysop || !isSysop(sysop)) {
      io.screen('sysop_only');
      return;
    }
    io.enter('sysop', 'at the sysop menu');
    io.clearScreen();
    const key = await chooseFrom(io, deps, user.id, 'sysop_menu', {}, `${[...ACTIONS.keys()].join('')}Q`);
    if (key === '' || key === 'Q') return;
    await ACTIONS.get(key)!(io, deps, sysop);
  }
}
