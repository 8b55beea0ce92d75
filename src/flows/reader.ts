import type { SessionIO } from '../session/io.js';
import type { PublicMessage, User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { renderAreaMessage } from './message-view.js';
import { chooseFrom } from './menu-input.js';
import { Pager } from './pager.js';
import { replyTo } from './post.js';
import { plural } from './format.js';

type ReadOutcome = 'done' | 'quit' | 'skip';

interface ReadOptions {
  /** Told once a message has been shown (the new-scan moves the read pointer here). */
  shown?: (m: PublicMessage) => Promise<void>;
  /** The new-scan's S: leave the rest of this area for another time. */
  canSkip?: boolean;
  /** Already inside a thread: no T. */
  inThread?: boolean;
  /** The new-scan's F: search the messages, then carry on reading where the caller was. */
  search?: () => Promise<void>;
}

/**
 * Reading one message at a time, as a BBS message reader does: the message
 * (paged when longer than the screen), then a one-key prompt to go on, reply,
 * follow the thread, see it again, or stop.
 */
export async function readEach(io: SessionIO, deps: FlowDeps, user: User, messages: AsyncIterable<PublicMessage> | Iterable<PublicMessage>, opts: ReadOptions = {}): Promise<ReadOutcome> {
  let reader = user;
  for await (const m of messages) {
    await showMessage(io, deps, m);
    await opts.shown?.(m);
    for (;;) {
      const key = await chooseFrom(io, deps, reader.id, opts.canSkip ? 'scan_prompt' : opts.inThread ? 'thread_prompt' : 'reader_prompt');
      if (key === '' || key === 'N') break;
      if (key === 'Q') return 'quit';
      if (key === 'S' && opts.canSkip) return 'skip';
      if (key === 'F' && opts.search) await opts.search();
      else if (key === 'A') await showMessage(io, deps, m);
      else if (key === 'R') reader = await replyTo(io, deps, reader, m);
      else if (key === 'T' && !opts.inThread) await readThread(io, deps, reader, m.id);
      else io.screen('reader_bad_key', { choice: key });
    }
  }
  return 'done';
}

/** A whole thread, first message first. */
export async function readThread(io: SessionIO, deps: FlowDeps, user: User, messageId: number): Promise<void> {
  const thread = await deps.store.publicMessages.thread(messageId);
  if (thread.length === 0) return;
  io.screen('thread_intro', { subject: thread[0]!.subject ?? '(no subject)', count: plural(thread.length, 'message') });
  const outcome = await readEach(io, deps, user, thread, { inThread: true });
  if (outcome === 'done') io.screen('thread_end');
}

async function showMessage(io: SessionIO, deps: FlowDeps, m: PublicMessage): Promise<void> {
  // A fresh page per message: the reader's own prompt has just taken the caller's attention.
  await new Pager(io).write(renderAreaMessage(io, deps, m));
}

/** An area's messages above `afterId`, oldest first, fetched a batch at a time as the caller reads. */
export async function* areaFrom(deps: FlowDeps, area: string, afterId: number): AsyncGenerator<PublicMessage> {
  let after = afterId;
  for (;;) {
    const batch = await deps.store.publicMessages.listInArea(area, 20, after);
    if (batch.length === 0) return;
    yield* batch;
    after = batch[batch.length - 1]!.id;
  }
}
