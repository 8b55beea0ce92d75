import type { OnlineCaller } from './live.js';
import type { Session } from './session.js';

/** A session as who's online shows it. */
export function onlineEntry(s: Session): OnlineCaller {
  return {
    sessionId: s.id,
    node: s.node,
    line: s.line,
    transport: s.transport,
    userId: s.user?.id ?? null,
    user: s.user?.name ?? null,
    doing: s.doing,
    since: s.doingSince,
    connectedAt: s.startedAt,
  };
}
