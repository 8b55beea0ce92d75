import { artMarkup } from '../screens/art-markup.js';
import { textBlock } from '../screens/text-block.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import { composeBody } from './compose.js';
import type { FlowDeps } from './deps.js';
import { chooseFrom, confirm } from './menu-input.js';
import { currentMotd, MOTD_KEY, MOTD_MAX } from './motd.js';

/** Markup named on the intro: values, so they show as typed rather than as what they do. */
const MARKUP_EXAMPLES = { code: '|14', name: '{{user}}' };

/** Write a new message of the day from the board (seen drawn before it is saved), or go back to the config file's. */
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
  const body = await composeBody(io, deps, { intro: { screen: 'sysop_motd_intro', vars: MARKUP_EXAMPLES }, header: { title: 'Message of the day', fields: [['Markup', 'pipe codes |09like this|07, {{user}}']] } });
  if (!body) {
    io.screen('sysop_motd_unchanged');
    return;
  }
  const motd = [...body].slice(0, MOTD_MAX).join('');
  // Pipe codes and {{variables}} are the sysop's art markup: shown drawn, on the sysop's own terminal, before it is kept.
  io.screen('sysop_motd_preview');
  io.screen('motd', { motd: artMarkup(motd) });
  if (!(await confirm(io, 'sysop_motd_save'))) {
    io.screen('sysop_motd_unchanged');
    return;
  }
  await deps.store.boardSettings.set(MOTD_KEY, motd);
  deps.log.info('motd edited', { by: sysop.name });
  io.screen('sysop_motd_saved');
}
