/**
 * Why a conversation stopped waiting. These unwind the conversation's
 * `async` stack (so every `finally` in the flows runs) and are caught by the
 * runner, which decides what, if anything, the caller sees last.
 */

export class CallEndedError extends Error {
  constructor(readonly reason: 'hangup' | 'idle' | 'exit' | 'shutdown' | 'kicked' | 'grace' | 'moved') {
    super(`call ended: ${reason}`);
    this.name = 'CallEndedError';
  }
}

export const isCallEnded = (err: unknown): err is CallEndedError => err instanceof CallEndedError;
