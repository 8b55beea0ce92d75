import { isCallEnded } from '../session/errors.js';
import type { SessionIO } from '../session/io.js';
import { faultCode, STORE_FAULT_LOG, storeFault, type StoreFault } from '../store/store-fault.js';
import type { LogFields, Logger } from '../logger.js';
import type { FlowDeps } from './deps.js';

/** What the caller is told, in words that need no knowledge of disks. */
const CALLER_REASON: Readonly<Record<StoreFault, string>> = {
  full: 'its disk is full',
  readonly: 'its storage cannot be written just now',
  io: 'its disk reported an error',
};

/**
 * Runs one menu action; when a write in it fails for lack of room or a
 * broken disk, the caller hears that the board could not save it and is
 * back at the menu, instead of being cut off with a crash screen. Anything
 * else (a bug, a hang-up) goes on up as before.
 */
export async function unlessStoreFails(io: SessionIO, deps: FlowDeps, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    const fault = isCallEnded(err) ? null : storeFault(err);
    if (fault === null) throw err;
    logStoreFailure(deps.log, err, 'could not save', { user: io.session.user?.name, flow: io.session.resumeAt });
    io.screen('not_saved', { reason: CALLER_REASON[fault] });
  }
}

/**
 * One log line for a failed write: for disk trouble, what it is and what to
 * do, without a stack trace the sysop has no use for; anything else in full.
 */
export function logStoreFailure(log: Logger, err: unknown, what: string, fields: LogFields = {}): void {
  const fault = storeFault(err);
  if (fault) log.error(STORE_FAULT_LOG[fault], { code: faultCode(err), ...fields });
  else log.error(`${what} failed`, { ...fields, err });
}
