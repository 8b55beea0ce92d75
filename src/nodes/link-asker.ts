import type { BoardAnswers, BoardAsk, BoardAnswer, FromNode } from './link-protocol.js';

const DEFAULT_TIMEOUT_MS = 5000;
/** Questions in flight at once; each comes from a caller's flow, so lines already bound this. */
const MAX_PENDING = 10_000;

/** Why a question got no answer: the asker must treat it as "no", never as "go ahead". */
export class NoAnswerError extends Error {}

interface Pending {
  resolve: (answer: BoardAnswer) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A worker node's questions to the gateway's board-wide limits, over its
 * link: each ask gets an id, and its answer (or a timeout, or the link
 * closing) settles it. Nothing here decides anything; a caller that gets
 * no answer must refuse what it was asking about.
 */
export class LinkAsker {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly send: (m: FromNode) => void,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
    private readonly maxPending = MAX_PENDING,
  ) {}

  ask<K extends BoardAsk['kind']>(ask: Extract<BoardAsk, { kind: K }>): Promise<BoardAnswers[K]> {
    if (this.pending.size >= this.maxPending) return Promise.reject(new NoAnswerError(`${ask.kind}: too many questions in flight`));
    const id = this.nextId++;
    return new Promise<BoardAnswers[K]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new NoAnswerError(`${ask.kind}: the gateway did not answer in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (a: BoardAnswer) => void, reject, timer });
      this.send({ t: 'ask', id, ask });
    });
  }

  /** The gateway's answer; null when it could not give one. */
  answer(id: number, answer: BoardAnswer | null): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (answer === null) p.reject(new NoAnswerError('the gateway could not answer'));
    else p.resolve(answer);
  }

  /** The link is gone: nothing in flight will be answered. */
  failAll(reason: string): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(new NoAnswerError(reason));
    }
  }
}
