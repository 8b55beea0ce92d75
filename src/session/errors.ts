import type { HangupReason } from './events.js';

/** The call log's word for each way a conversation can be stopped, when nobody said more. */
const WHY: Readonly<Record<CallEndedError['reason'], HangupReason>> = {
  hangup: 'line dropped',
  idle: 'idle',
  exit: 'goodbye',
  shutdown: 'shutdown',
  kicked: 'kicked',
  grace: 'login time',
  moved: 'moved',
};

/**
 * Why a conversation stopped waiting. These unwind the conversation's
 * `async` stack (so every `finally` in the flows runs) and are caught by the
 * runner, which decides what, if anything, the caller sees last.
 */

export class CallEndedError extends Error {
  readonly reason: 'hangup' | 'idle' | 'exit' | 'shutdown' | 'kicked' | 'grace' | 'moved';

  /** Why the call ended, as the call log records it: the wire's own reason for a hangup, the exit's for an exit. */
  readonly why: HangupReason;

  constructor(reason: CallEndedError['reason'], why?: HangupReason) {
    // Made on every hang-up and never reported: capturing a stack trace for
    // it was a visible share of a busy board's connect-and-hang-up cost.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`call ended: ${reason}`);
    Error.stackTraceLimit = limit;
    this.reason = reason;
    this.why = why ?? WHY[reason];
    this.name = 'CallEndedError';
  }
}

export const isCallEnded = (err: unknown): err is CallEndedError => err instanceof CallEndedError;
