/**
 * A loopback source address of its own for caller `n` (up to 62,500 of them,
 * 127.10.1.1 onwards, clear of the 127.0.0.x addresses other loads share).
 * The board's password back-off lines attempts up per address: logins that
 * share an address wait behind each other as a guesser's would, so load that
 * means to measure logins, not the back-off, gives each caller its own.
 * Linux routes all of 127.0.0.0/8 to the loopback interface.
 */
export function callerAddress(n: number): string {
  const i = n % 62_500;
  return `127.10.${Math.floor(i / 250) + 1}.${(i % 250) + 1}`;
}
