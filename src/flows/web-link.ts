import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';

/** The main menu's R: a one-time link that logs this account in to the web reader, as `ssh NAME@host web` prints it. */
export async function webLink(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  const link = await deps.webLogin?.(user.id);
  if (!link) {
    io.screen('web_link_none');
    return;
  }
  io.screen('web_link', { minutes: link.minutes });
  // As it is, never fitted to the screen: a link cut at the last column is no link, and terminals copy a wrapped line whole.
  io.print(link.url);
}
