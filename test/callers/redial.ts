import { JsonClient, type Reply } from './json.js';
import type { SocketCallerOptions } from './socket-caller.js';
import { until } from '../helpers/until.js';

/**
 * Dialing the way clients/dialer.py does, for callers behind a balancer.
 *
 * The dialer places a call by connecting, sending the original client's
 * "connect" frame and reading the first reply: a refused or silent line, or
 * one that drops before it answers, is NO ANSWER; a first reply that is a
 * goodbye is BUSY; anything else is CONNECT. After NO CARRIER it dials
 * again by itself, after a pause, as the modem page does: `redial` is that
 * caller, one dial after another (with a shorter gap, to keep tests quick)
 * until one connects.
 */

export type DialOutcome = 'connect' | 'busy' | 'no-answer';

/** How long the dialer waits for a line to answer (its socket timeout). */
const ANSWER_MS = 10_000;

/** One dial: the connected caller with its first reply, or why not. */
export async function dialOnce(to: SocketCallerOptions): Promise<{ outcome: 'connect'; caller: JsonClient; first: Reply } | { outcome: Exclude<DialOutcome, 'connect'> }> {
  const caller = new JsonClient(to);
  try {
    await caller.connected;
    caller.send('connect');
    // Polled rather than waited for, so the caller's own waits still start at the first reply.
    const first = await until('the first reply', () => {
      if (caller.closed) throw new Error('the line dropped before it answered');
      return caller.replies[0];
    }, ANSWER_MS);
    if (first.type === 'exit') {
      caller.close();
      return { outcome: 'busy' };
    }
    return { outcome: 'connect', caller, first };
  } catch {
    caller.close();
    return { outcome: 'no-answer' };
  }
}

/**
 * Dial until a line answers, at most `attempts` times with `gapMs` between
 * (a caller's pause before pressing Redial): the caller and every outcome,
 * so a test can tell a first-time CONNECT from one after NO ANSWERs.
 */
export async function redial(to: SocketCallerOptions, attempts = 10, gapMs = 500): Promise<{ caller: JsonClient; outcomes: DialOutcome[] }> {
  const outcomes: DialOutcome[] = [];
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    const dialed = await dialOnce(to);
    outcomes.push(dialed.outcome);
    if (dialed.outcome === 'connect') return { caller: dialed.caller, outcomes };
  }
  throw new Error(`no line answered in ${attempts} dials: ${outcomes.join(', ')}`);
}
