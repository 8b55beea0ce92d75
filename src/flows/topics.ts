import type { AreaSetting } from '../config/settings.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { formatShortWhen, plural } from './format.js';
import { pickNumber } from './menu-input.js';
import { Pager } from './pager.js';
import { readThread } from './reader.js';
import { zoneOf } from '../screens/zone-clock.js';

/** Topics listed at most, most recently active first. */
const TOPICS_SHOWN = 100;

/** An area's threads, liveliest first; pick one to read it whole. */
export async function browseTopics(io: SessionIO, deps: FlowDeps, user: User, area: AreaSetting): Promise<void> {
  io.enter('topics', `reading topics in ${area.title}`);
  for (;;) {
    const topics = await deps.store.publicMessages.topics(area.name, TOPICS_SHOWN);
    if (topics.length === 0) {
      io.screen('topics_none', { area: area.title });
      return;
    }
    const rows = topics.map((t, i) =>
      io.render('topic_row', {
        num: i + 1,
        subject: t.root.subject ?? '(no subject)',
        author: t.root.authorName,
        replies: t.replies,
        last: formatShortWhen(t.lastPostedAt, zoneOf(io.session)),
      }),
    );
    await new Pager(io).write([io.render('topics_header', { area: area.title, count: plural(topics.length, 'topic') }), ...rows].join('\n'));
    const answer = (await io.prompt('topics_ask', { maxLength: 4 })).trim();
    // Q backs out as it does at every other menu of the board; a number never starts with it.
    if (answer === '' || answer.toUpperCase() === 'Q') return;
    const n = pickNumber(answer, topics.length);
    if (n === null) io.screen('topic_bad_choice', { choice: answer });
    else await readThread(io, deps, user, topics[n - 1]!.root.id);
  }
}
