/**
 * Why a conversation stopped waiting. These unwind the conversation's
 * `async` stack (so every `finally` in the flows runs) and are caught by the
 * runner, which decides what, if anything, the caller sees last.
 */

export class CallEndedError extends Error {
  readonly reason: 'hangup' | 'idle' | 'exit' | 'shutdown' | 'kicked' | 'grace' | 'moved';

  constructor(reason: CallEndedError['reason']) {
    // Made on every hang-up and never reported: capturing a stack trace for
    // it was a visible share of a busy board's connect-and-hang-up cost.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`call ended: ${reason}`);
    Error.stackTraceLimit = limit;
    this.reason = reason;
    this.name = 'CallEndedError';
  }
}

export const isCallEnded = (err: unknown): err is CallEndedError => err instanceof CallEndedError;
