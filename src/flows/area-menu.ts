import type { AreaSetting } from '../config/settings.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { mayPost } from './areas.js';
import type { FlowDeps } from './deps.js';
import { chooseFrom } from './menu-input.js';
import { areaScope, searchMessages } from './message-search.js';
import { scanArea } from './new-scan.js';
import { postTopic } from './post.js';
import { browseTopics } from './topics.js';

/** Inside one area: read what is new, browse its topics, start a topic, search it. Returns the (maybe promoted) user. */
export async function areaMenu(io: SessionIO, deps: FlowDeps, user: User, area: AreaSetting): Promise<User> {
  let current = user;
  for (;;) {
    io.enter('area', `in ${area.title}`);
    const unread = await deps.store.areaReads.unreadCount(current.id, area.name);
    io.clearScreen();
    const key = await chooseFrom(io, deps, current.id, 'area_menu', {
      area: area.title,
      description: area.description,
      unread,
      access: mayPost(current, area) ? 'you may post here' : `posting needs ${area.post} level`,
    }, 'NTPSQ');
    if (key === '' || key === 'Q') return current;
    if (key === 'N') {
      if (unread === 0) io.screen('area_nothing_new', { area: area.title });
      else if ((await scanArea(io, deps, current, area.name, { canSkip: false })) === 'done') io.screen('area_read_all', { area: area.title });
    } else if (key === 'T') await browseTopics(io, deps, current, area);
    else if (key === 'P') current = await postTopic(io, deps, current, area);
    else if (key === 'S') await searchMessages(io, deps, current, areaScope(area));
  }
}
