import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { mayPost, unreadByArea } from './areas.js';
import { areaMenu } from './area-menu.js';
import type { FlowDeps } from './deps.js';
import { pickNumber } from './menu-input.js';
import { newScan } from './new-scan.js';
import { Pager } from './pager.js';

/** The message areas the caller may read, with what is new in each; pick one to go in. */
export async function messageAreas(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  let current = user;
  for (;;) {
    io.enter('areas', 'in the message areas');
    const rows = await unreadByArea(deps, current);
    const list = rows.map(({ area, unread, total }, i) =>
      io.render('area_list_row', {
        num: i + 1,
        title: area.title,
        description: area.description,
        unread,
        total,
        access: mayPost(current, area) ? '' : 'read only',
      }),
    );
    await new Pager(io).write([io.render('area_list_header'), ...list].join('\n'));
    const answer = (await io.prompt('area_list_ask', { maxLength: 4 })).trim().toUpperCase();
    if (answer === '' || answer === 'Q') return;
    if (answer === 'N') {
      await newScan(io, deps, current);
      continue;
    }
    const n = pickNumber(answer, rows.length);
    if (n === null) io.screen('area_bad_choice', { choice: answer });
    else current = await areaMenu(io, deps, current, rows[n - 1]!.area);
  }
}
