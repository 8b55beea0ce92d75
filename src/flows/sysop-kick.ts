import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { confirm, pickNumber } from './menu-input.js';

/**
 * End someone's call. The kick travels on the live bus to whichever node
 * holds the caller; that node shows them the 'kicked' screen and hangs up.
 */
export async function kickCaller(io: SessionIO, deps: FlowDeps, sysop: User): Promise<void> {
  const others = (await deps.roster.online()).filter((c) => c.sessionId !== io.session.id);
  if (others.length === 0) {
    io.screen('sysop_kick_nobody');
    return;
  }
  io.print(
    [
      io.render('sysop_kick_header'),
      ...others.map((c, i) => io.render('sysop_kick_row', { num: i + 1, name: c.user ?? '(logging in)', node: c.node, via: c.transport, doing: c.doing })),
    ].join('\n'),
  );
  const n = pickNumber(await io.prompt('sysop_kick_ask', { maxLength: 4 }), others.length);
  if (n === null) return;
  const target = others[n - 1]!;
  const name = target.user ?? '(logging in)';
  if (!(await confirm(io, 'sysop_kick_confirm', { name }))) return;
  deps.live.publish({ kind: 'kick', sessionId: target.sessionId, by: sysop.name, at: io.now().getTime() });
  deps.log.warn('caller kicked', { by: sysop.name, user: target.user, session: target.sessionId });
  io.screen('sysop_kicked', { name });
}
