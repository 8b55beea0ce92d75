import { BENCH_PASSWORD, callerName } from '../lib/accounts.js';
import { callerAddress } from '../lib/loopback.js';
import { TelnetCaller } from '../../test/callers/telnet.js';
import { telnetLogIn } from '../../test/callers/log-in.js';

/** The doors menu's question: the caller is there and may pick a door by number. */
export const DOORS_PROMPT = 'Door number to play';

/**
 * Log in as bench account `account` (seeded beforehand, from its own
 * loopback address) and go to the doors menu, where the caller waits to
 * pick a door. `caller` is the client to use: a subclass may read the bytes
 * its own way once a door is playing.
 */
export async function toDoorsMenu<T extends TelnetCaller>(caller: T, account: number, timeoutMs = 120_000): Promise<T> {
  await telnetLogIn(caller, callerName(account), BENCH_PASSWORD, timeoutMs);
  caller.type('d');
  await caller.until(DOORS_PROMPT, timeoutMs);
  return caller;
}

/** A negotiating telnet caller from account `account`'s own loopback address. */
export function doorCaller(port: number, account: number): TelnetCaller {
  return new TelnetCaller({ port, negotiate: true, localAddress: callerAddress(account) });
}
