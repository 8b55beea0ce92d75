import type { DropInfo } from '../../../src/doors/drop-info.js';

/**
 * One caller and one call, with dates built from local parts so that the
 * MM/DD/YY and HH:MM the files carry are the same in any TZ the tests run in.
 */
export function sampleDropInfo(over: Partial<DropInfo> = {}): DropInfo {
  return {
    boardName: 'Mongrel Test Board',
    sysopName: 'Sam Sysop',
    node: 3,
    userId: 42,
    userName: 'Rick Greer',
    location: 'Lewisville, Tx.',
    securityLevel: 50,
    minutesLeft: 126,
    cols: 80,
    rows: 24,
    ansi: true,
    cp437: true,
    transport: 'telnet',
    calls: 1456,
    firstCall: new Date(2019, 0, 2, 10, 0, 0),
    lastCall: new Date(2024, 2, 14, 21, 7, 30),
    posts: 77,
    callStart: new Date(2024, 5, 9, 8, 30, 15),
    now: new Date(2024, 5, 9, 8, 45, 15),
    folder: '/tmp/bbs-door-x',
    ...over,
  };
}
